package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.RecoveryWindowStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The points in time a schedule's chains restore. Each successful backup reports its chain's whole
 * window as the engine saw it after the run (first: the chain's full backup's last transaction;
 * last: the backup's own), so a chain's window is its newest successful backup's. The schedule's
 * spans the chains retention keeps, from the oldest one's first point to the newest one's last.
 */
final class RecoveryWindows {

  private RecoveryWindows() {}

  /**
   * Gives {@code chain} the window its newest successful backup ({@code backup}) reported, or none
   * when that backup reported none (a chain begun before point-in-time restore).
   */
  static void record(ChainRecord chain, Neo4jBackupStatus backup) {
    boolean reported =
        backup.getFirstRecoverableTxId() != null
            && backup.getFirstRecoverableTime() != null
            && backup.getLastRecoverableTxId() != null
            && backup.getLastRecoverableTime() != null;
    chain.setFirstRecoverableTxId(reported ? backup.getFirstRecoverableTxId() : null);
    chain.setFirstRecoverableTime(reported ? backup.getFirstRecoverableTime() : null);
    chain.setLastRecoverableTxId(reported ? backup.getLastRecoverableTxId() : null);
    chain.setLastRecoverableTime(reported ? backup.getLastRecoverableTime() : null);
  }

  /**
   * The window across {@code chains}: from the first point of the oldest chain that reports a
   * window and that retention has not chosen to delete, to the last point of the newest; absent
   * when no such chain reports one.
   */
  static RecoveryWindowStatus across(List<ChainRecord> chains) {
    List<Window> kept =
        chains.stream()
            .filter(chain -> chain.getDeletionReason() == null)
            .map(RecoveryWindows::window)
            .flatMap(Optional::stream)
            .toList();
    if (kept.isEmpty()) {
      return null;
    }
    ChainRecord first = kept.stream().min(Comparator.comparing(Window::first)).get().chain();
    ChainRecord last = kept.stream().max(Comparator.comparing(Window::last)).get().chain();
    RecoveryWindowStatus window = new RecoveryWindowStatus();
    window.setFirstRecoverableTxId(first.getFirstRecoverableTxId());
    window.setFirstRecoverableTime(first.getFirstRecoverableTime());
    window.setLastRecoverableTxId(last.getLastRecoverableTxId());
    window.setLastRecoverableTime(last.getLastRecoverableTime());
    window.setChains(kept.size());
    return window;
  }

  /** The instant a chain's last restore point committed, when it reports a window. */
  static Optional<Instant> lastRecoverable(ChainRecord chain) {
    return window(chain).map(Window::last);
  }

  private record Window(ChainRecord chain, Instant first, Instant last) {}

  private static Optional<Window> window(ChainRecord chain) {
    if (chain.getFirstRecoverableTxId() == null
        || chain.getLastRecoverableTxId() == null
        || chain.getFirstRecoverableTime() == null
        || chain.getLastRecoverableTime() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Window(
              chain,
              Instant.parse(chain.getFirstRecoverableTime()),
              Instant.parse(chain.getLastRecoverableTime())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the chains retention deletes: those that no rule given keeps (not among the {@code
 * keepChains} newest, and with their last restore point before now minus {@code keepWithin}), but
 * only when older than the newest chain that holds a successful backup (so a restorable backup
 * always remains, however old), never a chain in use (a backup, scheduled or not, or a pod writing
 * into its directory, a directory inside it or one containing it), never a directory not named like
 * a chain (in an object store: a chain whose location the engine has not reported), and after a
 * failed deletion not before its retry time. Without any rule, nothing is deleted.
 */
public final class RetentionPlanner {

  private RetentionPlanner() {}

  /** A chain to delete and why, for status and events. */
  public record Deletion(ChainRecord chain, String reason) {}

  /**
   * What a schedule's {@code retention} keeps; a chain is kept while any rule given keeps it.
   *
   * @param keepChains how many of the newest chains to keep; null: no rule by count
   * @param keepWithin how far back restore points are kept; null: no rule by age
   * @param keepWithinText {@code keepWithin} as the spec writes it, for messages
   */
  public record Rules(Integer keepChains, Duration keepWithin, String keepWithinText) {

    /** No rule: nothing is deleted. */
    public static final Rules NONE = new Rules(null, null, null);

    /**
     * The rules {@code policy} (null for none) gives; a {@code keepWithin} that is not a duration
     * longer than zero is refused, naming the field.
     */
    public static Rules of(RetentionPolicy policy) {
      if (policy == null) {
        return NONE;
      }
      String text = policy.getKeepWithin();
      if (text == null) {
        return new Rules(policy.getKeepChains(), null, null);
      }
      Duration keepWithin =
          Durations.parse(text)
              .orElseThrow(
                  () ->
                      new InvalidScheduleException(
                          ScheduleConditionReason.InvalidRetention,
                          "spec.retention.keepWithin: '"
                              + text
                              + "' is not a duration: write days, hours, minutes and seconds in"
                              + " that order, such as 30d, 12h, 1d12h or 90m"));
      if (keepWithin.isZero()) {
        throw new InvalidScheduleException(
            ScheduleConditionReason.InvalidRetention,
            "spec.retention.keepWithin: '"
                + text
                + "' keeps no restore point: give a duration longer than zero (to keep only the"
                + " newest chain, set keepChains: 1 without keepWithin)");
      }
      return new Rules(policy.getKeepChains(), keepWithin, text);
    }

    boolean any() {
      return keepChains != null || keepWithin != null;
    }
  }

  /**
   * @param chains the chains on the volume, oldest first
   * @param rules what retention keeps
   * @param inUse the targets of unfinished backups and of pods still writing, in the namespace
   * @param now the time, against {@code keepWithin} and the chains' retry times
   */
  public static List<Deletion> choose(
      List<ChainRecord> chains, Rules rules, Collection<TargetPath> inUse, Instant now) {
    List<Deletion> deletions = new ArrayList<>();
    if (!rules.any()) {
      return deletions;
    }
    int newestSuccessful = -1;
    for (int i = chains.size() - 1; i >= 0; i--) {
      Integer successes = chains.get(i).getSuccessfulBackups();
      if (successes != null && successes > 0) {
        newestSuccessful = i;
        break;
      }
    }
    Instant cutoff = rules.keepWithin() == null ? null : now.minus(rules.keepWithin());
    for (int i = 0; i < newestSuccessful; i++) {
      ChainRecord chain = chains.get(i);
      boolean keptByCount = rules.keepChains() != null && i >= chains.size() - rules.keepChains();
      Optional<End> end = end(chain);
      boolean keptByAge = cutoff != null && (end.isEmpty() || !end.get().time().isBefore(cutoff));
      if (keptByCount || keptByAge) {
        continue;
      }
      Optional<TargetPath> directory = directory(chain);
      if (directory.isEmpty()
          || inUse.stream().anyMatch(directory.get()::overlaps)
          || notYet(chain, now)) {
        continue;
      }
      deletions.add(new Deletion(chain, reason(rules, end, chains.get(newestSuccessful))));
    }
    return deletions;
  }

  /** Where a chain's window ends, and what says so: {@code what} is followed by the time. */
  private record End(Instant time, String what) {}

  /**
   * When {@code chain}'s window ends: its last restore point's commit time; without a window, its
   * last successful backup's completion; without one, its start. Empty when none can be read.
   */
  private static Optional<End> end(ChainRecord chain) {
    Optional<Instant> last = RecoveryWindows.lastRecoverable(chain);
    if (last.isPresent()) {
      return Optional.of(new End(last.get(), "its last restore point (committed "));
    }
    try {
      if (chain.getLastSuccessfulTime() != null) {
        return Optional.of(
            new End(
                Instant.parse(chain.getLastSuccessfulTime()),
                "its last successful backup (completed "));
      }
      if (chain.getStartTime() != null) {
        return Optional.of(
            new End(
                Instant.parse(chain.getStartTime()),
                "it holds no successful backup, and its start ("));
      }
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String reason(Rules rules, Optional<End> end, ChainRecord newer) {
    List<String> why = new ArrayList<>();
    if (rules.keepChains() != null) {
      why.add(
          "older than the " + rules.keepChains() + " newest chain(s) kept (retention.keepChains)");
    }
    if (rules.keepWithin() != null) {
      why.add(
          end.get().what()
              + end.get().time()
              + ") is older than "
              + rules.keepWithinText()
              + " (retention.keepWithin)");
    }
    return String.join(", and ", why)
        + ", and chain "
        + newer.getPath()
        + " holds a newer successful backup";
  }

  /**
   * The chain's directory, if it is one retention may delete: named like a chain. For an object
   * store, the chain's location as the engine named it ({@code uri}), and only once known.
   */
  static Optional<TargetPath> directory(ChainRecord chain) {
    if (chain.getBucket() != null) {
      return RetentionJob.objectStoreChain(chain).map(TargetPath::of);
    }
    if (chain.getClaimName() == null || !ScheduleNames.isChainPath(chain.getPath())) {
      return Optional.empty();
    }
    try {
      return Optional.of(TargetPath.of(chain.getClaimName(), chain.getPath()));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    }
  }

  private static boolean notYet(ChainRecord chain, Instant now) {
    return chain.getDeletionRetryTime() != null
        && Instant.parse(chain.getDeletionRetryTime()).isAfter(now);
  }
}

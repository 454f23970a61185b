package io.neo4jbackup.operator.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.job.DatabaseName;
import io.neo4jbackup.operator.job.ScheduledBackup;
import io.neo4jbackup.operator.schedule.ScheduleMetrics.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ScheduleDecision} while {@link ScheduleDecider} and {@link Retention} make it: a copy of
 * the schedule's status being changed, the schedule's backups in tick order, and the actions,
 * Events and runs so far. Never shared: one per decision, and the input is never changed.
 */
final class DecisionDraft {

  private static final ObjectMapper JSON = new ObjectMapper();

  final ScheduleInput in;

  /** The status the schedule has (an empty one when it has none). */
  final Neo4jBackupScheduleStatus original;

  /** The status being built. */
  final Neo4jBackupScheduleStatus status;

  /** The schedule's backups that carry a tick, oldest tick first. */
  final List<Neo4jBackup> backups;

  /** The backups this decision creates, by name. */
  final List<String> created = new ArrayList<>();

  private final List<ScheduleAction> actions = new ArrayList<>();
  private final List<ScheduleDecision.Event> events = new ArrayList<>();
  private final Map<Outcome, Long> runs = new EnumMap<>(Outcome.class);
  private final Map<ScheduleMetrics.Drill, Long> drills =
      new EnumMap<>(ScheduleMetrics.Drill.class);
  private boolean needsTargetsInUse;

  DecisionDraft(ScheduleInput in) {
    this.in = in;
    Neo4jBackupSchedule schedule = in.schedule();
    this.original =
        schedule.getStatus() == null ? new Neo4jBackupScheduleStatus() : schedule.getStatus();
    this.status = copy(original);
    this.backups =
        in.backups().stream()
            .filter(b -> ScheduledBackup.tick(b).isPresent())
            .sorted(Comparator.comparing(b -> ScheduledBackup.tick(b).get()))
            .toList();
  }

  Neo4jBackupSchedule schedule() {
    return in.schedule();
  }

  Instant now() {
    return in.now();
  }

  void act(ScheduleAction action) {
    actions.add(action);
  }

  void event(ScheduleEvent reason, String message) {
    events.add(new ScheduleDecision.Event(reason, message));
  }

  void count(Outcome outcome, long runs) {
    this.runs.merge(outcome, runs, Long::sum);
  }

  void countDrill(ScheduleMetrics.Drill outcome) {
    drills.merge(outcome, 1L, Long::sum);
  }

  void needTargetsInUse() {
    needsTargetsInUse = true;
  }

  ScheduleDecision decision(Optional<Duration> requeueAfter) {
    return new ScheduleDecision(
        status, actions, events, runs, drills, requeueAfter, needsTargetsInUse);
  }

  /** The changes this decision asks for so far. */
  List<ScheduleAction> actions() {
    return List.copyOf(actions);
  }

  /** The backups this decision creates. */
  List<Neo4jBackup> createdBackups() {
    return actions.stream()
        .filter(a -> a instanceof ScheduleAction.CreateBackup)
        .map(a -> ((ScheduleAction.CreateBackup) a).backup())
        .toList();
  }

  /** The schedule's backups still running, but for those this decision creates. */
  List<Neo4jBackup> running() {
    return backups.stream()
        .filter(b -> !finished(b))
        .filter(b -> !created.contains(b.getMetadata().getName()))
        .toList();
  }

  /** The status's chains, oldest first (an empty list set in the status when it had none). */
  List<ChainRecord> chains() {
    if (status.getChains() == null) {
      status.setChains(new ArrayList<>());
    }
    return status.getChains();
  }

  Optional<ChainRecord> chain(String path) {
    return chains().stream().filter(c -> c.getPath().equals(path)).findFirst();
  }

  /**
   * Records the chain {@code backup} (created for {@code tick}) writes into, unless known: where,
   * for which database, from which floor, and why it started ({@code why}, null when unknown).
   */
  void ensureChain(Neo4jBackup backup, Instant tick, String why) {
    Target target = backup.getSpec().getTarget();
    String path = ScheduledBackup.chainPath(backup);
    if (chain(path).isPresent()) {
      return;
    }
    ChainRecord chain = new ChainRecord();
    chain.setPath(path);
    chain.setClaimName(target.getClaimName());
    if (target.getObjectStore() != null) {
      chain.setBucket(target.getObjectStore().getBucket());
    }
    chain.setDatabase(DatabaseName.lowerCase(backup.getSpec().getDatabase()));
    chain.setStartTime(tick.toString());
    chain.setStartReason(why);
    chain.setMinTransactionId(backup.getSpec().getMinTransactionId());
    chain.setSuccessfulBackups(0);
    List<ChainRecord> chains = new ArrayList<>(chains());
    chains.add(chain);
    chains.sort(Comparator.comparing(c -> Instant.parse(c.getStartTime())));
    status.setChains(chains);
  }

  static boolean finished(Neo4jBackup backup) {
    return backup.getStatus() != null
        && (backup.getStatus().getPhase() == BackupPhase.Succeeded
            || backup.getStatus().getPhase() == BackupPhase.Failed);
  }

  private static Neo4jBackupScheduleStatus copy(Neo4jBackupScheduleStatus status) {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(status), Neo4jBackupScheduleStatus.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

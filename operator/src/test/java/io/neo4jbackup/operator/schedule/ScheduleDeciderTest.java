package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ChainPolicy;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.ScheduledBackup;
import io.neo4jbackup.operator.schedule.ScheduleAction.CreateBackup;
import io.neo4jbackup.operator.schedule.ScheduleAction.DeleteBackup;
import io.neo4jbackup.operator.schedule.ScheduleDecision.Event;
import io.neo4jbackup.operator.schedule.ScheduleMetrics.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The schedule's decisions as a pure function, without an API server: each test steps a schedule
 * through reconciliations by hand, feeding each decision's status and backups to the next.
 */
class ScheduleDeciderTest {

  static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");
  static final ScheduleDecider DECIDER = new ScheduleDecider(CONFIG, Duration.ofMinutes(15));

  static final Instant CREATED = Instant.parse("2026-01-10T01:50:00Z");
  static final Instant TICK = Instant.parse("2026-01-10T02:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNewScheduleWaitsForItsFirstTickAndWakesUpForIt() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.minusSeconds(300)));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.events()).isEmpty();
    assertThat(decision.runs()).isEmpty();
    assertThat(decision.status().getNextScheduleTime()).isEqualTo(TICK.toString());
    assertThat(decision.status().getObservedGeneration()).isEqualTo(1);
    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.True))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.Scheduled))
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo("next run at " + TICK))
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-10T01:55:00Z"));
    assertThat(decision.requeueAfter()).contains(Duration.ofMinutes(5).plusMillis(20));
    assertThat(decision.needsTargetsInUse()).isFalse();
  }

  @Test
  void aTickCreatesTheTemplatesBackupIntoANewChainAndSaysSo() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    Neo4jBackup backup = created(decision).get(0);
    String chain = ScheduleNames.chainPath("neo4j/prod", TICK);
    assertThat(backup.getMetadata().getName()).isEqualTo(ScheduleNames.backup("nightly", TICK));
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(backup.getSpec().getTarget().getPath()).isEqualTo(chain);
    assertThat(decision.events())
        .extracting(Event::reason)
        .containsExactly(ScheduleEvent.ChainStarted, ScheduleEvent.BackupCreated);
    assertThat(decision.events().get(1).message())
        .isEqualTo(
            "Full backup "
                + backup.getMetadata().getName()
                + " into "
                + chain
                + " for the run scheduled at "
                + TICK);
    assertThat(decision.runs()).isEqualTo(Map.of(Outcome.started, 1L));
    Neo4jBackupScheduleStatus status = decision.status();
    assertThat(status.getLastScheduleTime()).isEqualTo(TICK.toString());
    assertThat(status.getLastHandledScheduleTime()).isEqualTo(TICK.toString());
    assertThat(status.getActiveBackups()).containsExactly(backup.getMetadata().getName());
    assertThat(status.getChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chain))
        .satisfies(c -> assertThat(c.getStartReason()).isEqualTo("the schedule has no chain yet"))
        .satisfies(c -> assertThat(c.getSuccessfulBackups()).isZero());
    assertThat(status.getNextScheduleTime()).isEqualTo(TICK.plusSeconds(3600).toString());
  }

  @Test
  void decidingChangesNothingItIsGiven() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    Neo4jBackupSchedule waiting =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.minusSeconds(60)))
                .status());
    String before = json(waiting);

    ScheduleDecision first =
        DECIDER.decide(ScheduleInput.of(waiting, List.of(), List.of(), TICK.plusSeconds(5)));
    ScheduleDecision again =
        DECIDER.decide(ScheduleInput.of(waiting, List.of(), List.of(), TICK.plusSeconds(5)));

    assertThat(json(waiting)).isEqualTo(before);
    assertThat(json(again.status())).isEqualTo(json(first.status()));
    assertThat(json(created(again))).isEqualTo(json(created(first)));
    assertThat(again.events()).isEqualTo(first.events());
    assertThat(again.runs()).isEqualTo(first.runs());
    assertThat(again.requeueAfter()).isEqualTo(first.requeueAfter());
  }

  @Test
  void aFinishedBackupIsRecordedOnceInTheStatusItsChainAndTheRuns() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    schedule = withStatus(schedule, started.status());
    Neo4jBackup backup = succeeded(created(started).get(0), 42);

    ScheduleDecision recorded =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(backup), List.of(), TICK.plusSeconds(120)));

    assertThat(recorded.actions()).isEmpty();
    assertThat(recorded.runs()).isEqualTo(Map.of(Outcome.succeeded, 1L));
    assertThat(recorded.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.BackupSucceeded))
        .satisfies(e -> assertThat(e.message()).contains("(last transaction 42)"));
    Neo4jBackupScheduleStatus status = recorded.status();
    assertThat(status.getActiveBackups()).isNull();
    assertThat(status.getLastSuccessfulBackup().getName())
        .isEqualTo(backup.getMetadata().getName());
    assertThat(status.getChains().get(0).getSuccessfulBackups()).isEqualTo(1);
    assertThat(status.getChains().get(0).getLastTransactionId()).isEqualTo(42);
    assertThat(condition(status, ScheduleConditionType.LastBackupSucceeded).getReason())
        .isEqualTo(ScheduleConditionReason.BackupSucceeded);

    ScheduleDecision later =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, status), List.of(backup), List.of(), TICK.plusSeconds(180)));
    assertThat(later.events()).isEmpty();
    assertThat(later.runs()).isEmpty();
    assertThat(later.status().getChains().get(0).getSuccessfulBackups()).isEqualTo(1);
  }

  @Test
  void afterANeo4jRestoreTheNextRunStartsANewChain() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    schedule = withStatus(schedule, started.status());
    Neo4jBackup first = succeeded(created(started).get(0), 42);
    schedule =
        withStatus(
            schedule,
            DECIDER
                .decide(
                    ScheduleInput.of(schedule, List.of(first), List.of(), TICK.plusSeconds(120)))
                .status());
    schedule
        .getMetadata()
        .setAnnotations(Map.of(ChainPlanner.RESTORED_AT, TICK.plusSeconds(1800).toString()));

    ScheduleDecision next =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(first), List.of(), TICK.plusSeconds(3605)));

    Neo4jBackup backup = created(next).get(0);
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(backup.getSpec().getTarget().getPath())
        .isEqualTo(ScheduleNames.chainPath("neo4j/prod", TICK.plusSeconds(3600)));
    assertThat(next.events())
        .anySatisfy(
            e -> {
              assertThat(e.reason()).isEqualTo(ScheduleEvent.ChainStarted);
              assertThat(e.message()).contains("Neo4j's database was restored at");
            });
  }

  @Test
  void eachSuccessGivesItsChainAndTheScheduleTheWindowTheEngineReported() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    Neo4jBackup full =
        restoring(succeeded(created(started).get(0), 42), 42, "2026-01-10T02:00:30.123Z", 42);
    ScheduleDecision afterFull =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, started.status()),
                List.of(full),
                List.of(),
                TICK.plusSeconds(3605)));
    Neo4jBackup incremental =
        restoring(succeeded(created(afterFull).get(0), 97), 42, "2026-01-10T02:00:30.123Z", 97);

    ScheduleDecision recorded =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, afterFull.status()),
                List.of(full, incremental),
                List.of(),
                TICK.plusSeconds(3720)));

    assertThat(afterFull.status().getRecoveryWindow().getLastRecoverableTxId()).isEqualTo(42);
    ChainRecord chain = recorded.status().getChains().get(0);
    assertThat(chain.getFirstRecoverableTxId()).isEqualTo(42);
    assertThat(chain.getFirstRecoverableTime()).isEqualTo("2026-01-10T02:00:30.123Z");
    assertThat(chain.getLastRecoverableTxId()).isEqualTo(97);
    assertThat(chain.getLastRecoverableTime())
        .isEqualTo(incremental.getStatus().getLastRecoverableTime());
    assertThat(recorded.status().getRecoveryWindow())
        .satisfies(
            w -> assertThat(w.getFirstRecoverableTime()).isEqualTo("2026-01-10T02:00:30.123Z"))
        .satisfies(w -> assertThat(w.getLastRecoverableTxId()).isEqualTo(97))
        .satisfies(w -> assertThat(w.getChains()).isEqualTo(1));
  }

  @Test
  void aScheduleWhoseChainsReportNoWindowShowsNone() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    Neo4jBackup full = succeeded(created(started).get(0), 42);

    ScheduleDecision recorded =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, started.status()),
                List.of(full),
                List.of(),
                TICK.plusSeconds(120)));

    assertThat(recorded.status().getChains().get(0).getLastTransactionId()).isEqualTo(42);
    assertThat(recorded.status().getChains().get(0).getLastRecoverableTxId()).isNull();
    assertThat(recorded.status().getRecoveryWindow()).isNull();
  }

  @Test
  void anInvalidKeepWithinIsReportedNamingTheFieldAndRunsNothing() {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              RetentionPolicy retention = new RetentionPolicy();
              retention.setKeepWithin("0m");
              spec.setRetention(retention);
            });

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.InvalidSpec))
        .satisfies(e -> assertThat(e.message()).startsWith("spec.retention.keepWithin: '0m'"));
    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(
            c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidRetention));
  }

  @Test
  void forbidSkipsATickWhileABackupRunsAndReplaceCancelsIt() {
    Neo4jBackupSchedule forbid = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(forbid, List.of(), List.of(), TICK.plusSeconds(5)));
    Neo4jBackup running = created(started).get(0);
    Instant next = TICK.plusSeconds(3600);

    ScheduleDecision skipped =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(forbid, started.status()),
                List.of(running),
                List.of(),
                next.plusSeconds(5)));

    assertThat(skipped.actions()).isEmpty();
    assertThat(skipped.status().getSkippedRuns()).isEqualTo(1);
    assertThat(skipped.status().getLastSkippedScheduleTime()).isEqualTo(next.toString());
    assertThat(skipped.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.RunSkipped))
        .satisfies(e -> assertThat(e.message()).contains(running.getMetadata().getName()));
    assertThat(skipped.runs()).isEqualTo(Map.of(Outcome.skipped, 1L));

    Neo4jBackupSchedule replace =
        withStatus(
            schedule(spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace)),
            started.status());
    ScheduleDecision cancelled =
        DECIDER.decide(ScheduleInput.of(replace, List.of(running), List.of(), next.plusSeconds(5)));

    assertThat(cancelled.actions()).containsExactly(new DeleteBackup(running));
    assertThat(cancelled.events())
        .extracting(Event::reason)
        .containsExactly(ScheduleEvent.BackupCancelled);
    assertThat(cancelled.requeueAfter()).contains(ScheduleDecider.REPLACE_RECHECK);
    assertThat(cancelled.status().getLastScheduleTime()).isEqualTo(TICK.toString());
  }

  @Test
  void ticksTooLateToRunAreCountedAsMissed() {
    Neo4jBackupSchedule schedule = schedule(spec -> spec.setStartingDeadlineSeconds(600L));

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(3 * 3600 + 700)));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.status().getMissedRuns()).isEqualTo(4);
    assertThat(decision.status().getLastMissedScheduleTime())
        .isEqualTo(TICK.plusSeconds(3 * 3600).toString());
    assertThat(decision.runs()).isEqualTo(Map.of(Outcome.missed, 4L));
    assertThat(decision.events())
        .extracting(Event::reason)
        .containsExactly(ScheduleEvent.RunsMissed);
  }

  @Test
  void aBackupWhoseStartWasNeverRecordedIsAdoptedNotStartedAgain() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    Neo4jBackup lost =
        created(
                DECIDER.decide(
                    ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(60))))
            .get(0);

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(lost), List.of(), TICK.plusSeconds(60)));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.status().getLastScheduleTime()).isEqualTo(TICK.toString());
    assertThat(decision.status().getActiveBackups()).containsExactly(lost.getMetadata().getName());
    assertThat(decision.status().getChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getStartReason()).isNull());
  }

  @Test
  void anInvalidScheduleIsReportedOnceRunsNothingAndSleepsUntilItChanges() {
    Neo4jBackupSchedule schedule = schedule(spec -> spec.setSchedule("0 0 31 2 1"));

    ScheduleDecision first =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    ScheduleDecision second =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, first.status()), List.of(), List.of(), TICK.plusSeconds(60)));

    assertThat(first.actions()).isEmpty();
    assertThat(first.requeueAfter()).isEmpty();
    assertThat(first.events()).extracting(Event::reason).containsExactly(ScheduleEvent.InvalidSpec);
    assertThat(condition(first.status(), ScheduleConditionType.Ready).getReason())
        .isEqualTo(ScheduleConditionReason.InvalidSchedule);
    assertThat(first.status().getNextScheduleTime()).isNull();
    assertThat(second.events()).isEmpty();
    assertThat(second.status()).usingRecursiveComparison().isEqualTo(first.status());
  }

  @Test
  void theReadyConditionKeepsItsTransitionTimeWhileItStaysFalseForAnotherReason() {
    Neo4jBackupSchedule suspended = schedule(spec -> spec.setSuspend(true));
    ScheduleDecision first =
        DECIDER.decide(ScheduleInput.of(suspended, List.of(), List.of(), TICK.plusSeconds(5)));
    Neo4jBackupSchedule invalid =
        withStatus(
            schedule(
                spec -> {
                  spec.setSuspend(true);
                  spec.setSchedule("not cron");
                }),
            first.status());

    ScheduleDecision second =
        DECIDER.decide(ScheduleInput.of(invalid, List.of(), List.of(), TICK.plusSeconds(600)));

    ScheduleCondition ready = condition(second.status(), ScheduleConditionType.Ready);
    assertThat(ready.getReason()).isEqualTo(ScheduleConditionReason.InvalidSchedule);
    assertThat(ready.getLastTransitionTime()).isEqualTo(TICK.plusSeconds(5).toString());
  }

  @Test
  void onlyFinishedBackupsTheStatusRecordsArePrunedBeyondTheHistoryLimits() {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              spec.setSuccessfulBackupsHistoryLimit(1);
              spec.setFailedBackupsHistoryLimit(0);
            });
    Neo4jBackup first = succeeded(scheduled(schedule, TICK), 1);
    Neo4jBackup second = succeeded(scheduled(schedule, TICK.plusSeconds(3600)), 2);
    Neo4jBackup failed = failed(scheduled(schedule, TICK.plusSeconds(7200)));
    List<Neo4jBackup> backups = List.of(first, second, failed);
    Instant now = TICK.plusSeconds(7200 + 60);

    ScheduleDecision recording =
        DECIDER.decide(ScheduleInput.of(schedule, backups, List.of(), now));
    ScheduleDecision recorded =
        DECIDER.decide(
            ScheduleInput.of(withStatus(schedule, recording.status()), backups, List.of(), now));

    assertThat(recording.actions()).isEmpty();
    assertThat(recorded.actions())
        .containsExactly(new DeleteBackup(first), new DeleteBackup(failed));
  }

  // --- schedules and backups, as the API server and the backup reconciler would have them

  static Neo4jBackupSchedule schedule(Consumer<Neo4jBackupScheduleSpec> customize) {
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule("0 * * * *");
    spec.setChain(new ChainPolicy());
    BackupTemplateSpec template = new BackupTemplateSpec();
    template.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    template.setTarget(target);
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    spec.setBackupTemplate(backupTemplate);
    customize.accept(spec);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName("nightly");
    schedule.getMetadata().setNamespace("graph");
    schedule.getMetadata().setUid("uid-nightly");
    schedule.getMetadata().setGeneration(1L);
    schedule.getMetadata().setCreationTimestamp(CREATED.toString());
    schedule.setSpec(spec);
    return schedule;
  }

  /** {@code schedule} as stored once {@code status} was written. */
  static Neo4jBackupSchedule withStatus(
      Neo4jBackupSchedule schedule, Neo4jBackupScheduleStatus status) {
    Neo4jBackupSchedule copy = JSON.convertValue(JSON.valueToTree(schedule), schedule.getClass());
    copy.setStatus(JSON.convertValue(JSON.valueToTree(status), Neo4jBackupScheduleStatus.class));
    return copy;
  }

  /** The backup {@code schedule} creates at {@code tick} when it has no chain yet. */
  static Neo4jBackup scheduled(Neo4jBackupSchedule schedule, Instant tick) {
    return created(
            DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), tick.plusSeconds(5))))
        .get(0);
  }

  static List<Neo4jBackup> created(ScheduleDecision decision) {
    return decision.actions().stream()
        .filter(a -> a instanceof CreateBackup)
        .map(a -> ((CreateBackup) a).backup())
        .toList();
  }

  static Neo4jBackup succeeded(Neo4jBackup backup, long lastTransaction) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setMode(backup.getSpec().getMode());
    status.setCompletionTime(ScheduledBackup.tick(backup).orElseThrow().plusSeconds(65).toString());
    status.setDuration("1m5s");
    status.setBytesTransferred(4096L);
    status.setLastTransactionId(lastTransaction);
    backup.setStatus(status);
    return backup;
  }

  /**
   * {@code backup} whose chain, as the engine reported after it, restores transactions {@code
   * first} (committed at {@code firstTime}) to {@code last} (committed a second before the backup
   * completed).
   */
  static Neo4jBackup restoring(Neo4jBackup backup, long first, String firstTime, long last) {
    Neo4jBackupStatus status = backup.getStatus();
    status.setFirstRecoverableTxId(first);
    status.setFirstRecoverableTime(firstTime);
    status.setLastRecoverableTxId(last);
    status.setLastRecoverableTime(
        Instant.parse(status.getCompletionTime()).minusSeconds(1).toString());
    return backup;
  }

  static Neo4jBackup failed(Neo4jBackup backup) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Failed);
    status.setCompletionTime(ScheduledBackup.tick(backup).orElseThrow().plusSeconds(3).toString());
    status.setFailureReason(FailureReason.Unreachable);
    status.setFailureMessage("the server says no");
    backup.setStatus(status);
    return backup;
  }

  private static String json(Object value) {
    return JSON.valueToTree(value).toString();
  }

  static ScheduleCondition condition(Neo4jBackupScheduleStatus status, ScheduleConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow();
  }
}

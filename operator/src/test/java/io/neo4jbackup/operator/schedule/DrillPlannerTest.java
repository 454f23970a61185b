package io.neo4jbackup.operator.schedule;

import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.DECIDER;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.TICK;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.condition;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.created;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.schedule;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.succeeded;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.DrillJob;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.result.DrillOutcome;
import io.neo4jbackup.operator.schedule.ScheduleAction.CreateDrillJob;
import io.neo4jbackup.operator.schedule.ScheduleAction.DeleteJob;
import io.neo4jbackup.operator.schedule.ScheduleDecision.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A schedule's restore drills as part of its decision, without an API server: when a drill starts
 * and on which backup, what its Job runs and mounts, when it waits, and how a finished drill is
 * recorded. Backups run hourly at :00, drills hourly at :30.
 */
class DrillPlannerTest {

  private static final String QUERY = "MATCH (n:Customer) RETURN count(n) > 0";
  private static final Instant SLOT = TICK.plus(Duration.ofMinutes(30));
  private static final Instant NOW = SLOT.plusSeconds(60);
  private static final String CHAIN = ScheduleNames.chainPath("neo4j/prod", TICK);
  private static final Path GOLDEN = Path.of("../engine/contract/golden");

  @Test
  void aDueDrillCreatesOneJobOnTheNewestSuccessfulBackupWithTheClaimReadOnly() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));

    Job job = drillJobs(decision).get(0);
    assertThat(drillJobs(decision)).hasSize(1);
    assertThat(job.getMetadata().getName()).isEqualTo(ScheduleNames.drillJob("nightly", SLOT));
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-nightly"));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(ScheduleDeciderTest.CONFIG.engineImage());
    assertThat(container.getCommand())
        .endsWith(
            "drill", "/backup/" + CHAIN, "-drill-query", QUERY, "-drill-expect", "true", "-json");
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("target"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("target"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("backups"))
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue());
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("tmp"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(decision.status().getLastDrillTime()).isEqualTo(SLOT.toString());
    assertThat(decision.events())
        .filteredOn(e -> e.reason() == ScheduleEvent.DrillStarted)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("nightly-" + TICK.getEpochSecond() / 60));
    assertThat(decision.drills()).containsEntry(ScheduleMetrics.Drill.started, 1L);
  }

  @Test
  void noDrillIsDueBeforeItsTimeAndTheScheduleWakesUpForIt() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), SLOT.minusSeconds(60)));

    assertThat(drillJobs(decision)).isEmpty();
    assertThat(decision.requeueAfter()).get().isEqualTo(Duration.ofSeconds(60).plusMillis(20));
  }

  @Test
  void aDrillWaitsWhileABackupOfTheScheduleRunsAndStartsOnceItHasFinished() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});
    Neo4jBackup running = ScheduleDeciderTest.scheduled(schedule, TICK.plusSeconds(3600));
    Instant later = TICK.plusSeconds(3600 + 60);
    Neo4jBackupSchedule started =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(running), List.of(), later))
                .status());

    ScheduleDecision waiting =
        DECIDER.decide(ScheduleInput.of(started, List.of(running), List.of(), later));
    ScheduleDecision afterwards =
        DECIDER.decide(
            ScheduleInput.of(
                started, List.of(succeeded(running, 30)), List.of(), later.plusSeconds(120)));

    assertThat(drillJobs(waiting)).isEmpty();
    assertThat(waiting.status().getLastDrillTime()).isNull();
    assertThat(drillJobs(afterwards))
        .singleElement()
        .satisfies(
            job ->
                assertThat(job.getMetadata().getName())
                    .as("the drill of 02:30, missed while the backup ran, runs once")
                    .isEqualTo(ScheduleNames.drillJob("nightly", SLOT)))
        .satisfies(
            job ->
                assertThat(job.getMetadata().getAnnotations())
                    .containsEntry(DrillJob.BACKUP_ANNOTATION, running.getMetadata().getName()));
  }

  @Test
  void aDrillNeverStartsInTheDecisionThatStartsABackup() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(3600 + 1)));

    assertThat(created(decision)).hasSize(1);
    assertThat(drillJobs(decision)).isEmpty();
  }

  @Test
  void aDrillWaitsWhileAChainDeletionRuns() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});
    Job deleting =
        RetentionJob.desired(
            schedule, schedule.getStatus().getChains().get(0), ScheduleDeciderTest.CONFIG);

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(deleting), NOW));

    assertThat(drillJobs(decision)).isEmpty();
  }

  @Test
  void withoutASuccessfulBackupThereIsNothingToDrillYet() {
    Neo4jBackupSchedule schedule = schedule(DrillPlannerTest::drills);

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));

    assertThat(drillJobs(decision)).isEmpty();
    assertThat(decision.status().getLastDrillTime()).isNull();
  }

  @Test
  void drillsMissedWhileTheOperatorWasDownRunOnceForTheLatestTime() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});
    schedule.getStatus().setLastDrillTime(SLOT.minus(Duration.ofHours(5)).toString());

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));
    ScheduleDecision next =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(schedule, decision.status()),
                List.of(),
                drillJobs(decision),
                NOW.plusSeconds(5)));

    assertThat(drillJobs(decision))
        .singleElement()
        .satisfies(
            job ->
                assertThat(job.getMetadata().getName())
                    .isEqualTo(ScheduleNames.drillJob("nightly", SLOT)));
    assertThat(drillJobs(next)).isEmpty();
  }

  @Test
  void anOperatorThatRestartsBeforeWritingTheStatusFindsItsDrillInsteadOfStartingAnother() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});
    Job started =
        drillJobs(DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW))).get(0);

    ScheduleDecision afterRestart =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(started), NOW.plusSeconds(30)));

    assertThat(drillJobs(afterRestart)).isEmpty();
    assertThat(afterRestart.status().getLastDrillTime()).isEqualTo(SLOT.toString());
  }

  @Test
  void aDrillThatPassedIsRecordedWithTheDrillPassedConditionAndAnEvent() throws Exception {
    Neo4jBackupSchedule schedule = drilling();
    Job job = finished(drillJob(schedule), "Complete");
    DrillOutcome outcome = outcome("drill-succeeded.json", 0);

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(job), NOW.plusSeconds(300))
                .withDrillOutcomes(Map.of(job.getMetadata().getName(), outcome)));

    assertThat(decision.status().getLastDrill())
        .satisfies(d -> assertThat(d.getJobName()).isEqualTo(job.getMetadata().getName()))
        .satisfies(d -> assertThat(d.getScheduledTime()).isEqualTo(SLOT.toString()))
        .satisfies(d -> assertThat(d.getBackupName()).isEqualTo(backupName()))
        .satisfies(d -> assertThat(d.getChainPath()).isEqualTo(CHAIN))
        .satisfies(d -> assertThat(d.getLastTxId()).isEqualTo(1171))
        .satisfies(d -> assertThat(d.getExpected()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getPassed()).isTrue())
        .satisfies(d -> assertThat(d.getMessage()).isNull())
        .satisfies(d -> assertThat(d.getTime()).isEqualTo(NOW.plusSeconds(240).toString()));
    assertThat(condition(decision.status(), ScheduleConditionType.DrillPassed))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.True))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.DrillPassed));
    assertThat(events(decision, ScheduleEvent.DrillPassed))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("answered true at transaction 1171"));
    assertThat(decision.drills()).containsEntry(ScheduleMetrics.Drill.passed, 1L);
    assertThat(drillJobs(decision)).as("the drill of 02:30 ran").isEmpty();
  }

  @Test
  void aDrillThatFailedIsRecordedWithTheEnginesMessageAndTheAnswer() throws Exception {
    Neo4jBackupSchedule schedule = drilling();
    Job job = finished(drillJob(schedule), "Failed");
    DrillOutcome outcome = outcome("drill-failed.json", 6);

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(job), NOW.plusSeconds(300))
                .withDrillOutcomes(Map.of(job.getMetadata().getName(), outcome)));

    assertThat(decision.status().getLastDrill())
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("false"))
        .satisfies(d -> assertThat(d.getPassed()).isFalse())
        .satisfies(d -> assertThat(d.getMessage()).startsWith("restore drill failed: the query"));
    assertThat(condition(decision.status(), ScheduleConditionType.DrillPassed))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.DrillFailed))
        .satisfies(c -> assertThat(c.getMessage()).contains("answered false"));
    assertThat(events(decision, ScheduleEvent.DrillFailed)).hasSize(1);
    assertThat(decision.drills()).containsEntry(ScheduleMetrics.Drill.failed, 1L);
  }

  @Test
  void aDrillWhosePodVanishedFailsSayingSo() {
    Neo4jBackupSchedule schedule = drilling();
    Job job = finished(drillJob(schedule), "Failed");

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(job), NOW.plusSeconds(300)));

    assertThat(decision.status().getLastDrill())
        .satisfies(d -> assertThat(d.getPassed()).isFalse())
        .satisfies(d -> assertThat(d.getActual()).isNull())
        .satisfies(d -> assertThat(d.getMessage()).contains("without a pod that reported"));
  }

  @Test
  void aRecordedDrillIsNotRecordedAgainAndOlderDrillJobsAreDeleted() throws Exception {
    Neo4jBackupSchedule schedule = drilling();
    Job first = finished(drillJob(schedule), "Complete");
    ScheduleDecision recorded =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(first), NOW.plusSeconds(300))
                .withDrillOutcomes(
                    Map.of(first.getMetadata().getName(), outcome("drill-succeeded.json", 0))));
    Neo4jBackupSchedule after = withStatus(schedule, recorded.status());
    Instant nextSlot = SLOT.plusSeconds(3600);
    after.getStatus().setLastDrillTime(nextSlot.toString());
    Job second =
        finished(
            DrillJob.desired(
                after,
                new DrillJob.Target(nextSlot, backupName(), "backups", CHAIN),
                ScheduleDeciderTest.CONFIG),
            "Complete");

    ScheduleDecision again =
        DECIDER.decide(ScheduleInput.of(after, List.of(), List.of(first), NOW.plusSeconds(310)));
    ScheduleDecision later =
        DECIDER.decide(
            ScheduleInput.of(after, List.of(), List.of(first, second), nextSlot.plusSeconds(300))
                .withDrillOutcomes(
                    Map.of(second.getMetadata().getName(), outcome("drill-failed.json", 6))));

    assertThat(events(again, ScheduleEvent.DrillPassed)).isEmpty();
    assertThat(again.actions()).noneMatch(a -> a instanceof DeleteJob);
    assertThat(later.status().getLastDrill().getJobName())
        .isEqualTo(second.getMetadata().getName());
    assertThat(later.actions())
        .as("the first drill is the latest the stored status records: kept for its logs")
        .noneMatch(a -> a instanceof DeleteJob);
    ScheduleDecision cleanup =
        DECIDER.decide(
            ScheduleInput.of(
                withStatus(after, later.status()),
                List.of(),
                List.of(first, second),
                nextSlot.plusSeconds(320)));
    assertThat(cleanup.actions())
        .filteredOn(a -> a instanceof DeleteJob)
        .singleElement()
        .satisfies(
            a ->
                assertThat(((DeleteJob) a).job().getMetadata().getName())
                    .isEqualTo(first.getMetadata().getName()));
    assertThat(events(cleanup, ScheduleEvent.DrillFailed)).isEmpty();
  }

  @Test
  void anInvalidDrillScheduleMakesTheScheduleNotReady() {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              drills(spec);
              spec.getDrill().setSchedule("61 * * * *");
            });

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));

    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidDrill))
        .satisfies(c -> assertThat(c.getMessage()).startsWith("spec.drill.schedule: "));
    assertThat(decision.actions()).isEmpty();
  }

  @Test
  void aTemplateWhoseVerifyNamesAQueryWithoutItsAnswerIsRefused() {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              VerifySpec verify = new VerifySpec();
              verify.setQuery(QUERY);
              spec.getBackupTemplate().getSpec().setVerify(verify);
            });

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(
            c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidTemplate))
        .satisfies(c -> assertThat(c.getMessage()).contains("spec.verify.query is set without"));
    assertThat(created(decision)).isEmpty();
    assertThat(events(decision, ScheduleEvent.InvalidSpec)).hasSize(1);
  }

  /** Drills at :30 of every hour: the query must answer true. */
  static void drills(Neo4jBackupScheduleSpec spec) {
    ScheduleDrill drill = new ScheduleDrill();
    drill.setSchedule("30 * * * *");
    drill.setQuery(QUERY);
    drill.setExpect("true");
    spec.setDrill(drill);
  }

  /** A schedule with drills whose first backup (02:00) succeeded, as its status records. */
  private static Neo4jBackupSchedule afterOneBackup(Consumer<Neo4jBackupScheduleSpec> customize) {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              drills(spec);
              customize.accept(spec);
            });
    Neo4jBackup first = ScheduleDeciderTest.scheduled(schedule, TICK);
    Neo4jBackupSchedule started =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)))
                .status());
    return withStatus(
        schedule,
        DECIDER
            .decide(
                ScheduleInput.of(
                    started, List.of(succeeded(first, 1171)), List.of(), TICK.plusSeconds(70)))
            .status());
  }

  @Test
  void theDrillsPodSaysWhichChainItReadsSoThatABackupIntoItWaits() {
    var metadata = drillJob(drilling()).getSpec().getTemplate().getMetadata();

    assertThat(metadata.getLabels()).containsEntry(BackupJob.READER_LABEL, "true");
    assertThat(metadata.getAnnotations())
        .containsEntry(BackupJob.READS_ANNOTATION, "backups:/backup/" + CHAIN);
  }

  /** After one backup, the drill of 02:30 started. */
  private static Neo4jBackupSchedule drilling() {
    Neo4jBackupSchedule schedule = afterOneBackup(spec -> {});
    return withStatus(
        schedule, DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW)).status());
  }

  private static Job drillJob(Neo4jBackupSchedule schedule) {
    return DrillJob.desired(
        schedule,
        new DrillJob.Target(SLOT, backupName(), "backups", CHAIN),
        ScheduleDeciderTest.CONFIG);
  }

  private static String backupName() {
    return ScheduleNames.backup("nightly", TICK);
  }

  /** {@code job}, ended as the Job controller reports it ({@code Complete} or {@code Failed}). */
  private static Job finished(Job job, String type) {
    String end = NOW.plusSeconds(240).toString();
    return new JobBuilder(job)
        .withStatus(
            new JobStatusBuilder()
                .withCompletionTime(type.equals("Complete") ? end : null)
                .withConditions(
                    new JobConditionBuilder()
                        .withType(type)
                        .withStatus("True")
                        .withLastTransitionTime(end)
                        .build())
                .build())
        .build();
  }

  /** What the drill container that printed a golden line and exited reported. */
  private static DrillOutcome outcome(String golden, int exitCode) throws Exception {
    return DrillOutcome.read(
        new ContainerStateTerminatedBuilder()
            .withExitCode(exitCode)
            .withMessage(Files.readString(GOLDEN.resolve(golden)))
            .build());
  }

  private static List<Job> drillJobs(ScheduleDecision decision) {
    return decision.actions().stream()
        .filter(a -> a instanceof CreateDrillJob)
        .map(a -> ((CreateDrillJob) a).job())
        .toList();
  }

  private static List<Event> events(ScheduleDecision decision, ScheduleEvent reason) {
    return decision.events().stream().filter(e -> e.reason() == reason).toList();
  }
}

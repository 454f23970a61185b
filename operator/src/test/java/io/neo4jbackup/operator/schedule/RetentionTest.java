package io.neo4jbackup.operator.schedule;

import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.DECIDER;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.schedule;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.neo4jbackup.api.v1alpha1.ChainPolicy;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.DeletionResult;
import io.neo4jbackup.operator.schedule.ScheduleAction.CreateRetentionJob;
import io.neo4jbackup.operator.schedule.ScheduleAction.DeleteJob;
import io.neo4jbackup.operator.schedule.ScheduleDecision.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention as part of a schedule's decision, without an API server: which chain it deletes through
 * which Job, when it needs to know what the namespace writes into, and how it follows the Job.
 */
class RetentionTest {

  private static final Instant FIRST = Instant.parse("2026-01-10T02:00:00Z");
  private static final Instant SECOND = FIRST.plusSeconds(3600);
  private static final Instant NOW = SECOND.plusSeconds(1800);
  private static final String OLD_CHAIN = ScheduleNames.chainPath("neo4j/prod", FIRST);
  private static final String JOB = ScheduleNames.retentionJob("nightly", FIRST);

  @Test
  void aChainToDeleteFirstAsksWhatTheNamespaceWritesIntoThenGetsItsJob() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(chain(FIRST), chain(SECOND)));
    ScheduleInput input = ScheduleInput.of(schedule, List.of(), List.of(), NOW);

    ScheduleDecision asking = DECIDER.decide(input);
    ScheduleDecision deciding = DECIDER.decide(input.withTargetsInUse(List.of()));

    assertThat(asking.needsTargetsInUse()).isTrue();
    assertThat(asking.actions()).isEmpty();
    assertThat(asking.events()).isEmpty();
    assertThat(asking.status().getChains())
        .allSatisfy(c -> assertThat(c.getDeletionJob()).isNull());
    assertThat(deciding.needsTargetsInUse()).isFalse();
    assertThat(deciding.actions())
        .singleElement()
        .satisfies(
            a -> assertThat(((CreateRetentionJob) a).job().getMetadata().getName()).isEqualTo(JOB));
    assertThat(deciding.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.ChainDeletionStarted))
        .satisfies(e -> assertThat(e.message()).startsWith("deleting chain " + OLD_CHAIN));
    assertThat(deciding.status().getChains().get(0))
        .satisfies(c -> assertThat(c.getDeletionJob()).isEqualTo(JOB))
        .satisfies(c -> assertThat(c.getDeletionReason()).contains("keepChains"));
  }

  @Test
  void keepWithinDeletesAChainWhoseRestorePointsAreAllTooOldAndTheWindowNoLongerCountsIt() {
    Neo4jBackupSchedule schedule =
        withStatus(
            schedule(
                spec -> {
                  RetentionPolicy retention = new RetentionPolicy();
                  retention.setKeepWithin("1h");
                  spec.setRetention(retention);
                }),
            status(restoring(chain(FIRST)), restoring(chain(SECOND))));

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), NOW).withTargetsInUse(List.of()));

    assertThat(decision.actions())
        .singleElement()
        .satisfies(
            a -> assertThat(((CreateRetentionJob) a).job().getMetadata().getName()).isEqualTo(JOB));
    assertThat(decision.status().getChains().get(0).getDeletionReason())
        .startsWith(
            "its last restore point (committed "
                + FIRST.plusSeconds(60)
                + ") is older than 1h (retention.keepWithin)");
    assertThat(decision.status().getRecoveryWindow())
        .as("the chain being deleted is no longer part of the window")
        .satisfies(w -> assertThat(w.getFirstRecoverableTime()).isEqualTo(SECOND.toString()))
        .satisfies(w -> assertThat(w.getChains()).isEqualTo(1));
  }

  @Test
  void keepWithinKeepsAChainWithARestorePointRecentEnough() {
    Neo4jBackupSchedule schedule =
        withStatus(
            schedule(
                spec -> {
                  RetentionPolicy retention = new RetentionPolicy();
                  retention.setKeepWithin("2h");
                  spec.setRetention(retention);
                }),
            status(restoring(chain(FIRST)), restoring(chain(SECOND))));

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.needsTargetsInUse()).isFalse();
    assertThat(decision.status().getRecoveryWindow())
        .satisfies(w -> assertThat(w.getFirstRecoverableTime()).isEqualTo(FIRST.toString()))
        .satisfies(
            w ->
                assertThat(w.getLastRecoverableTime()).isEqualTo(SECOND.plusSeconds(60).toString()))
        .satisfies(w -> assertThat(w.getChains()).isEqualTo(2));
  }

  @Test
  void aChainSomethingStillWritesIntoIsNotDeleted() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(chain(FIRST), chain(SECOND)));

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), NOW)
                .withTargetsInUse(List.of(TargetPath.of("backups", OLD_CHAIN + "/copy"))));

    assertThat(decision.actions()).isEmpty();
    assertThat(decision.status().getChains().get(0).getDeletionJob()).isNull();
  }

  @Test
  void aChainTheRunsOwnNewBackupWritesIntoIsNotDeleted() {
    // The template moved into the oldest chain's directory: the new chain lies inside it.
    Neo4jBackupSchedule schedule = keepingOneChain(status(chain(FIRST), chain(SECOND)));
    schedule.getSpec().getBackupTemplate().getSpec().getTarget().setPath(OLD_CHAIN);
    Instant third = SECOND.plusSeconds(3600);

    ScheduleDecision decision =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), third.plusSeconds(5))
                .withTargetsInUse(List.of()));

    assertThat(decision.actions())
        .singleElement()
        .satisfies(
            a ->
                assertThat(
                        ((ScheduleAction.CreateBackup) a).backup().getSpec().getTarget().getPath())
                    .isEqualTo(ScheduleNames.chainPath(OLD_CHAIN, third)));
    assertThat(decision.status().getChains())
        .allSatisfy(c -> assertThat(c.getDeletionJob()).isNull());
  }

  @Test
  void aJobNotSeenYetIsCreatedAgainWithoutAnotherEvent() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(deleting(chain(FIRST)), chain(SECOND)));

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), NOW));

    assertThat(decision.actions())
        .singleElement()
        .satisfies(
            a -> assertThat(((CreateRetentionJob) a).job().getMetadata().getName()).isEqualTo(JOB));
    assertThat(decision.events()).isEmpty();
    assertThat(decision.needsTargetsInUse()).isFalse();
  }

  @Test
  void aSucceededJobMovesTheChainToTheDeletedChainsAndIsDeleted() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(deleting(chain(FIRST)), chain(SECOND)));
    Job job =
        new JobBuilder(job(schedule))
            .withStatus(new JobStatusBuilder().withSucceeded(1).build())
            .build();

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(job), NOW));

    assertThat(decision.actions()).containsExactly(new DeleteJob(job));
    assertThat(decision.events())
        .containsExactly(
            new Event(ScheduleEvent.ChainDeleted, "deleted chain " + OLD_CHAIN + ": too old"));
    Neo4jBackupScheduleStatus status = decision.status();
    assertThat(status.getChains())
        .extracting(ChainRecord::getPath)
        .containsExactly(ScheduleNames.chainPath("neo4j/prod", SECOND));
    assertThat(status.getDeletedChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(OLD_CHAIN))
        .satisfies(c -> assertThat(c.getDeletionJob()).isNull())
        .satisfies(c -> assertThat(c.getDeletionTime()).isEqualTo(NOW.toString()));
  }

  @Test
  void aFailedJobIsDeletedAndItsChainTriedAgainOnlyAfterTheRetryTime() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(deleting(chain(FIRST)), chain(SECOND)));
    Job job = failed(job(schedule));
    DeletionResult.Failed locked =
        Retention.failure(List.of(pod("{\"status\":\"failed\",\"failure\":\"TARGET_BUSY\"}")));

    ScheduleDecision deferred =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(job), NOW)
                .withFailedDeletions(Map.of(JOB, locked)));

    Instant retry = NOW.plus(Retention.DELETION_RETRY);
    assertThat(deferred.actions()).containsExactly(new DeleteJob(job));
    assertThat(deferred.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.ChainDeletionDeferred))
        .satisfies(e -> assertThat(e.message()).contains("tries again after " + retry));
    assertThat(deferred.status().getChains().get(0))
        .satisfies(c -> assertThat(c.getDeletionJob()).isNull())
        .satisfies(c -> assertThat(c.getDeletionFailure()).contains("TARGET_BUSY"))
        .satisfies(c -> assertThat(c.getDeletionRetryTime()).isEqualTo(retry.toString()));
    assertThat(deferred.requeueAfter()).contains(Retention.DELETION_RETRY.plusMillis(20));

    Neo4jBackupSchedule waiting = withStatus(schedule, deferred.status());
    ScheduleDecision before =
        DECIDER.decide(ScheduleInput.of(waiting, List.of(), List.of(), retry.minusSeconds(1)));
    ScheduleDecision after =
        DECIDER.decide(ScheduleInput.of(waiting, List.of(), List.of(), retry.plusSeconds(1)));
    assertThat(before.actions()).isEmpty();
    assertThat(before.needsTargetsInUse()).isFalse();
    assertThat(after.needsTargetsInUse()).isTrue();
  }

  @Test
  void aFailedJobWhoseEngineSaidNothingLockedIsReportedAsAFailure() {
    Neo4jBackupSchedule schedule = keepingOneChain(status(deleting(chain(FIRST)), chain(SECOND)));
    Job job = failed(job(schedule));

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(job), NOW));

    assertThat(decision.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ScheduleEvent.ChainDeletionFailed))
        .satisfies(e -> assertThat(e.message()).contains("without a pod that reported"));
  }

  @Test
  void aFailedJobsResultIsItsLastPodsEngineLine() {
    Pod earlier = pod("{\"status\":\"failed\",\"failure\":\"TARGET_BUSY\"}");
    Pod later =
        new PodBuilder(pod("{\"status\":\"failed\",\"failure\":\"TARGET\",\"message\":\"no\"}"))
            .editStatus()
            .editFirstContainerStatus()
            .editState()
            .editTerminated()
            .withFinishedAt("2026-01-10T03:31:00Z")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(Retention.failure(List.of(later, earlier)).message()).isEqualTo("TARGET: no");
    assertThat(Retention.failure(List.of(earlier)).locked()).isTrue();
    assertThat(Retention.failure(List.of()).message()).contains("without a pod");
    assertThat(
            Retention.failure(List.of(pod("{\"status\":\"succeeded\",\"deleted\":\"x\"}")))
                .message())
        .contains("although its engine reported success");
  }

  private static Neo4jBackupSchedule keepingOneChain(Neo4jBackupScheduleStatus status) {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              ChainPolicy chain = new ChainPolicy();
              chain.setBackupsPerChain(1);
              spec.setChain(chain);
              RetentionPolicy retention = new RetentionPolicy();
              retention.setKeepChains(1);
              spec.setRetention(retention);
            });
    return withStatus(schedule, status);
  }

  /** A status that has dealt with the ticks up to the second chain's. */
  private static Neo4jBackupScheduleStatus status(ChainRecord... chains) {
    Neo4jBackupScheduleStatus status = new Neo4jBackupScheduleStatus();
    status.setLastScheduleTime(SECOND.toString());
    status.setLastHandledScheduleTime(SECOND.toString());
    status.setObservedGeneration(1L);
    status.setChains(new ArrayList<>(List.of(chains)));
    return status;
  }

  /** A chain started at {@code start} that holds one successful backup. */
  private static ChainRecord chain(Instant start) {
    ChainRecord chain = new ChainRecord();
    chain.setPath(ScheduleNames.chainPath("neo4j/prod", start));
    chain.setClaimName("backups");
    chain.setDatabase("neo4j");
    chain.setStartTime(start.toString());
    chain.setSuccessfulBackups(1);
    return chain;
  }

  /** {@code chain} restoring from its start to a minute later. */
  private static ChainRecord restoring(ChainRecord chain) {
    Instant start = Instant.parse(chain.getStartTime());
    chain.setFirstRecoverableTxId(10L);
    chain.setFirstRecoverableTime(start.toString());
    chain.setLastRecoverableTxId(20L);
    chain.setLastRecoverableTime(start.plusSeconds(60).toString());
    return chain;
  }

  private static ChainRecord deleting(ChainRecord chain) {
    chain.setDeletionJob(JOB);
    chain.setDeletionReason("too old");
    return chain;
  }

  private static Job job(Neo4jBackupSchedule schedule) {
    return RetentionJob.desired(schedule, chain(FIRST), ScheduleDeciderTest.CONFIG);
  }

  private static Job failed(Job job) {
    return new JobBuilder(job)
        .withStatus(
            new JobStatusBuilder()
                .withFailed(3)
                .withConditions(
                    new JobConditionBuilder().withType("Failed").withStatus("True").build())
                .build())
        .build();
  }

  /** A pod of the retention Job whose engine printed {@code line} and exited. */
  private static Pod pod(String line) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(JOB + "-abcde")
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName(RetentionJob.CONTAINER)
        .withNewState()
        .withNewTerminated()
        .withExitCode(5)
        .withMessage(line)
        .withFinishedAt("2026-01-10T03:30:00Z")
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}

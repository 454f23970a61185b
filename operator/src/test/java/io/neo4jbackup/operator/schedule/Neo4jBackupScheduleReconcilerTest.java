package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schedule reconciler against a mock Kubernetes API on a hand-moved clock. No Neo4jBackup
 * reconciler runs: the tests finish backups (and retention Jobs) by writing their status, as the
 * backup reconciler and the Job controller would.
 */
class Neo4jBackupScheduleReconcilerTest {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private TestingClock clock;
  private TestingScheduleCluster cluster;
  private KubernetesClient client;

  /** The next hourly tick the tests move the clock to. */
  private Instant nextHour;

  @BeforeEach
  void start() {
    // The API server stamps creation with the real time, and the schedule's clock starts after
    // it: not within a minute of a real hour, so that no tick falls between the two.
    await()
        .atMost(Duration.ofSeconds(70))
        .until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getMinute() < 59);
    Instant start = Instant.now().plusSeconds(5);
    clock = new TestingClock(start);
    nextHour = start.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    cluster = new TestingScheduleCluster(clock, NAMESPACE);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void eachTickCreatesAnOwnedBackupNamedAfterTheScheduleAndTheTick() {
    Neo4jBackupSchedule schedule = create("nightly", spec -> {});
    Neo4jBackupScheduleStatus waiting =
        awaitStatus("nightly", s -> s.getNextScheduleTime() != null);
    assertThat(waiting.getNextScheduleTime()).isEqualTo(nextHour.toString());
    assertThat(ready(waiting).getStatus()).isEqualTo(ConditionStatus.True);
    assertThat(backups("nightly")).isEmpty();

    Instant tick = tick();

    Neo4jBackup backup = awaitBackup("nightly", tick);
    assertThat(backup.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(schedule.getMetadata().getUid()));
    assertThat(backup.getMetadata().getLabels()).containsEntry("team", "graph");
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(backup.getSpec().getFrom()).isEqualTo("single://neo4j");
    assertThat(backup.getSpec().getFallbackToFull()).isFalse();
    assertThat(backup.getSpec().getTarget().getClaimName()).isEqualTo("backups");
    assertThat(backup.getSpec().getTarget().getPath()).isEqualTo(chainPath(tick));

    Neo4jBackupScheduleStatus status =
        awaitStatus("nightly", s -> tick.toString().equals(s.getLastScheduleTime()));
    assertThat(status.getActiveBackups()).containsExactly(backup.getMetadata().getName());
    assertThat(status.getNextScheduleTime()).isEqualTo(tick.plus(1, ChronoUnit.HOURS).toString());
    assertThat(status.getChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chainPath(tick)))
        .satisfies(c -> assertThat(c.getSuccessfulBackups()).isZero());
    assertThat(status.getObservedGeneration()).isEqualTo(schedule.getMetadata().getGeneration());
    awaitEvents("nightly", "BackupCreated", "ChainStarted");
  }

  @Test
  void chainsHoldAFullBackupThenIncrementalsAndRotateAtTheConfiguredLength() {
    create("nightly", spec -> spec.getChain().setBackupsPerChain(2));

    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    Instant second = tick();
    Neo4jBackup incremental = awaitBackup("nightly", second);
    succeed(incremental, 20);
    awaitStatus(
        "nightly",
        s -> s.getLastSuccessfulBackup().getName().equals(incremental.getMetadata().getName()));
    Instant third = tick();
    Neo4jBackup nextChain = awaitBackup("nightly", third);

    assertThat(incremental.getSpec().getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(incremental.getSpec().getTarget().getPath()).isEqualTo(chainPath(first));
    assertThat(nextChain.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(nextChain.getSpec().getTarget().getPath()).isEqualTo(chainPath(third));
    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getChains().size() == 2);
    assertThat(status.getChains().get(0).getSuccessfulBackups()).isEqualTo(2);
    assertThat(status.getChains().get(0).getLastTransactionId()).isEqualTo(20);
    assertThat(status.getLastSuccessfulBackup().getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(condition(status, ScheduleConditionType.LastBackupSucceeded).getReason())
        .isEqualTo(ScheduleConditionReason.BackupSucceeded);
  }

  @Test
  void aFailedRunNeverStopsTheScheduleAndPrunedLogsStartANewChainWhenAllowed() {
    create("nightly", spec -> spec.getBackupTemplate().getSpec().setFallbackToFull(true));
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    Instant second = tick();
    fail(awaitBackup("nightly", second), FailureReason.LogsPruned);
    Neo4jBackupScheduleStatus failed = awaitStatus("nightly", s -> s.getLastFailedBackup() != null);
    assertThat(failed.getLastFailedBackup().getFailureReason()).isEqualTo(FailureReason.LogsPruned);
    assertThat(condition(failed, ScheduleConditionType.LastBackupSucceeded).getStatus())
        .isEqualTo(ConditionStatus.False);

    Instant third = tick();
    Neo4jBackup next = awaitBackup("nightly", third);

    assertThat(next.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(next.getSpec().getTarget().getPath()).isEqualTo(chainPath(third));
    assertThat(next.getSpec().getMinTransactionId()).isEqualTo(10);
    awaitEvents("nightly", "BackupFailed", "BackupSucceeded");
  }

  @Test
  void aNewChainStartsNoLowerThanThePreviousChainsLastTransaction() {
    create("nightly", spec -> spec.getChain().setBackupsPerChain(1));
    Instant first = tick();
    Neo4jBackup firstChain = awaitBackup("nightly", first);
    succeed(firstChain, 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);

    Instant second = tick();
    Neo4jBackup secondChain = awaitBackup("nightly", second);

    assertThat(firstChain.getSpec().getMinTransactionId()).isNull();
    assertThat(secondChain.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(secondChain.getSpec().getMinTransactionId()).isEqualTo(10);
    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getChains().size() == 2);
    assertThat(status.getChains().get(0).getStartReason())
        .isEqualTo("the schedule has no chain yet");
    assertThat(status.getChains().get(0).getMinTransactionId()).isNull();
    assertThat(status.getChains().get(1))
        .satisfies(c -> assertThat(c.getDatabase()).isEqualTo("neo4j"))
        .satisfies(c -> assertThat(c.getMinTransactionId()).isEqualTo(10))
        .satisfies(c -> assertThat(c.getStartReason()).contains("backupsPerChain"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventMessages("nightly", "ChainStarted"))
                    .anySatisfy(m -> assertThat(m).contains("no lower than transaction 10")));
  }

  @Test
  void aChainWhoseLastBackupFailedVerificationIsNotContinuedEvenWithoutFallbackToFull() {
    create("nightly", spec -> {});
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    Instant second = tick();
    fail(awaitBackup("nightly", second), FailureReason.VerificationFailed);
    awaitStatus("nightly", s -> s.getLastFailedBackup() != null);

    Instant third = tick();
    Neo4jBackup next = awaitBackup("nightly", third);

    assertThat(next.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(next.getSpec().getTarget().getPath()).isEqualTo(chainPath(third));
    assertThat(next.getSpec().getMinTransactionId()).isEqualTo(10);
    assertThat(
            awaitStatus("nightly", s -> s.getChains().size() == 2)
                .getChains()
                .get(1)
                .getStartReason())
        .contains("failed verification");
  }

  @Test
  void aTemplateNowNamingAnotherDatabaseStartsANewChainInsteadOfFailingEveryRun() {
    create("nightly", spec -> {});
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    editTemplate("nightly", template -> template.setDatabase("Sales"));

    Instant second = tick();
    Neo4jBackup sales = awaitBackup("nightly", second);

    assertThat(sales.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(sales.getSpec().getTarget().getPath()).isEqualTo(chainPath(second));
    assertThat(sales.getSpec().getMinTransactionId())
        .as("another database's transactions say nothing about this one's")
        .isNull();
    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getChains().size() == 2);
    assertThat(status.getChains().get(1).getDatabase()).isEqualTo("sales");
    assertThat(status.getChains().get(1).getStartReason())
        .isEqualTo("the template's database changed from neo4j to sales");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventMessages("nightly", "ChainStarted"))
                    .anySatisfy(
                        m -> assertThat(m).contains("database changed from neo4j to sales")));

    // Named as Neo4j compares names, SALES is the same database: the chain continues.
    succeed(sales, 5);
    awaitStatus(
        "nightly",
        s -> s.getLastSuccessfulBackup().getName().equals(sales.getMetadata().getName()));
    editTemplate("nightly", template -> template.setDatabase("SALES"));
    Instant third = tick();
    Neo4jBackup incremental = awaitBackup("nightly", third);
    assertThat(incremental.getSpec().getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(incremental.getSpec().getTarget().getPath()).isEqualTo(chainPath(second));
  }

  @Test
  void aTemplateNowNamingAnotherPathStartsANewChainThereFromThePreviousChainsLastTransaction() {
    create("nightly", spec -> {});
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    editTemplate("nightly", template -> template.getTarget().setPath("neo4j/moved"));

    Instant second = tick();
    Neo4jBackup moved = awaitBackup("nightly", second);

    assertThat(moved.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(moved.getSpec().getTarget().getPath())
        .isEqualTo(ScheduleNames.chainPath("neo4j/moved", second));
    assertThat(moved.getSpec().getMinTransactionId()).isEqualTo(10);
  }

  @Test
  void aTemplateThatWouldRunTheEngineAsRootIsReportedAndRunsNothing() {
    create(
        "nightly",
        spec -> {
          var job = new io.neo4jbackup.api.v1alpha1.JobSettings();
          job.setSecurityContext(
              new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                  .withRunAsUser(0L)
                  .build());
          spec.getBackupTemplate().getSpec().setJob(job);
        });

    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getConditions() != null);
    tick();

    assertThat(ready(status).getReason()).isEqualTo(ScheduleConditionReason.InvalidTemplate);
    assertThat(ready(status).getMessage())
        .contains("spec.job.securityContext.runAsUser is 0 (root)", "may only tighten");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> backups("nightly").isEmpty());
  }

  @Test
  void aTemplateNamingADatabaseNeo4jWouldRefuseIsReportedAndRunsNothing() {
    create("nightly", spec -> spec.getBackupTemplate().getSpec().setDatabase("system2"));

    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getConditions() != null);
    tick();

    assertThat(ready(status).getReason()).isEqualTo(ScheduleConditionReason.InvalidTemplate);
    assertThat(ready(status).getMessage())
        .contains("spec.database 'system2' is not a Neo4j database name");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> backups("nightly").isEmpty());
  }

  @Test
  void forbidSkipsAndRecordsATickWhileTheScheduleIsStillBackingUp() {
    create("nightly", spec -> {});
    Instant first = tick();
    awaitBackup("nightly", first);
    Instant second = tick();

    Neo4jBackupScheduleStatus status =
        awaitStatus("nightly", s -> second.toString().equals(s.getLastSkippedScheduleTime()));

    assertThat(status.getSkippedRuns()).isEqualTo(1);
    assertThat(backups("nightly")).hasSize(1);
    awaitEvents("nightly", "RunSkipped");
  }

  @Test
  void replaceCancelsTheRunningBackupBeforeStartingTheNextOne() {
    create("nightly", spec -> spec.setConcurrencyPolicy(ConcurrencyPolicy.Replace));
    Instant first = tick();
    awaitBackup("nightly", first);
    Instant second = tick();

    Neo4jBackup replacement = awaitBackup("nightly", second);

    assertThat(backups("nightly"))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly(replacement.getMetadata().getName());
    awaitEvents("nightly", "BackupCancelled");
  }

  @Test
  void afterDowntimeOnlyTheLatestMissedTickRunsAndOnlyWithinTheDeadline() {
    create("nightly", spec -> spec.setStartingDeadlineSeconds(600L));
    awaitStatus("nightly", s -> s.getNextScheduleTime() != null);
    cluster.stopOperator();
    tick();
    tick();
    Instant third = tick();
    cluster.startOperator();

    awaitBackup("nightly", third);
    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getMissedRuns() != null);
    assertThat(status.getMissedRuns()).isEqualTo(2);
    assertThat(backups("nightly")).hasSize(1);

    // Down again, and back only after the deadline: nothing starts.
    succeed(awaitBackup("nightly", third), 5);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    cluster.stopOperator();
    Instant late = tick();
    clock.advance(Duration.ofMinutes(11));
    cluster.startOperator();
    Neo4jBackupScheduleStatus after =
        awaitStatus("nightly", s -> late.toString().equals(s.getLastMissedScheduleTime()));
    assertThat(after.getMissedRuns()).isEqualTo(3);
    assertThat(backups("nightly")).hasSize(1);
  }

  @Test
  void anOperatorRestartedMidRunNeitherDuplicatesNorLosesTheRun() {
    create("nightly", spec -> {});
    Instant tick = tick();
    Neo4jBackup running = awaitBackup("nightly", tick);
    awaitStatus("nightly", s -> tick.toString().equals(s.getLastScheduleTime()));
    cluster.stopOperator();
    // The status write of that run is lost: the schedule's status is reset to before it.
    Neo4jBackupSchedule stored = get("nightly");
    stored.getStatus().setLastScheduleTime(null);
    stored.getStatus().setLastHandledScheduleTime(null);
    stored.getStatus().setChains(null);
    stored.getStatus().setActiveBackups(null);
    client.resource(stored).updateStatus();
    clock.advance(Duration.ofMinutes(1));
    cluster.startOperator();

    Neo4jBackupScheduleStatus status =
        awaitStatus("nightly", s -> tick.toString().equals(s.getLastScheduleTime()));
    assertThat(status.getActiveBackups()).containsExactly(running.getMetadata().getName());
    assertThat(status.getChains())
        .extracting(ChainRecord::getPath)
        .containsExactly(chainPath(tick));
    succeed(running, 7);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    assertThat(backups("nightly")).hasSize(1);
    assertThat(get("nightly").getStatus().getChains().get(0).getSuccessfulBackups()).isEqualTo(1);
  }

  @Test
  void suspendStopsNewRunsAndResumingFiresNoBacklog() {
    create("nightly", spec -> spec.setSuspend(true));
    Neo4jBackupScheduleStatus suspended =
        awaitStatus(
            "nightly",
            s ->
                s.getConditions() != null
                    && ready(s).getReason() == ScheduleConditionReason.Suspended);
    assertThat(suspended.getNextScheduleTime()).isNull();
    tick();
    tick();
    clock.advance(Duration.ofMinutes(5));
    // Edited, not replaced: the operator may write the status at the same time.
    client
        .resources(Neo4jBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName("nightly")
        .edit(
            schedule -> {
              schedule.getSpec().setSuspend(false);
              return schedule;
            });

    Neo4jBackupScheduleStatus resumed =
        awaitStatus("nightly", s -> ready(s).getReason() == ScheduleConditionReason.Scheduled);

    assertThat(resumed.getNextScheduleTime()).isEqualTo(nextHour.toString());
    assertThat(resumed.getMissedRuns()).isNull();
    assertThat(backups("nightly")).isEmpty();
    Instant tick = tick();
    awaitBackup("nightly", tick);
  }

  @Test
  void retentionDeletesOldChainsThroughAJobAndSaysWhatAndWhy() {
    create(
        "nightly",
        spec -> {
          spec.getChain().setBackupsPerChain(1);
          RetentionPolicy retention = new RetentionPolicy();
          retention.setKeepChains(1);
          spec.setRetention(retention);
        });
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    Instant second = tick();
    Neo4jBackup newer = awaitBackup("nightly", second);
    // While the newer chain holds no successful backup, the older one stays. The backup is
    // created before the status that records its chain is written: await the status.
    awaitStatus("nightly", s -> s.getChains() != null && s.getChains().size() == 2);
    assertThat(retentionJobs()).isEmpty();

    succeed(newer, 20);

    Job job = await().atMost(TIMEOUT).until(this::retentionJobs, jobs -> !jobs.isEmpty()).get(0);
    assertThat(job.getMetadata().getName()).isEqualTo(ScheduleNames.retentionJob("nightly", first));
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .startsWith("/bin/sh", "-c")
        .endsWith("neo4j-backup", "delete", "/backup/" + chainPath(first), "-json");
    assertThat(
            job.getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .get(0)
                .getPersistentVolumeClaim()
                .getClaimName())
        .isEqualTo("backups");
    Neo4jBackupScheduleStatus deleting =
        awaitStatus("nightly", s -> s.getChains().get(0).getDeletionJob() != null);
    assertThat(deleting.getChains().get(0).getDeletionReason()).contains("keepChains");

    client
        .resource(
            new JobBuilder(job).withStatus(new JobStatusBuilder().withSucceeded(1).build()).build())
        .updateStatus();

    Neo4jBackupScheduleStatus deleted = awaitStatus("nightly", s -> s.getDeletedChains() != null);
    assertThat(deleted.getChains())
        .extracting(ChainRecord::getPath)
        .containsExactly(chainPath(second));
    assertThat(deleted.getDeletedChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chainPath(first)))
        .satisfies(c -> assertThat(c.getDeletionReason()).contains("keepChains"))
        .satisfies(c -> assertThat(c.getDeletionTime()).isNotNull());
    await().atMost(TIMEOUT).until(() -> retentionJobs().isEmpty());
    awaitEvents("nightly", "ChainDeletionStarted", "ChainDeleted");
  }

  @Test
  void aFailedRetentionJobIsReportedAndTheChainKept() {
    create(
        "nightly",
        spec -> {
          spec.getChain().setBackupsPerChain(1);
          RetentionPolicy retention = new RetentionPolicy();
          retention.setKeepChains(1);
          spec.setRetention(retention);
        });
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    succeed(awaitBackup("nightly", tick()), 20);
    Job job = await().atMost(TIMEOUT).until(this::retentionJobs, jobs -> !jobs.isEmpty()).get(0);

    client
        .resource(
            new JobBuilder(job)
                .withStatus(
                    new JobStatusBuilder()
                        .withFailed(3)
                        .withConditions(
                            new JobConditionBuilder().withType("Failed").withStatus("True").build())
                        .build())
                .build())
        .updateStatus();

    await().atMost(TIMEOUT).until(() -> events("nightly").contains("ChainDeletionFailed"));
    assertThat(get("nightly").getStatus().getChains())
        .extracting(ChainRecord::getPath)
        .contains(chainPath(first));
    assertThat(
            awaitStatus("nightly", s -> s.getChains().get(0).getDeletionFailure() != null)
                .getChains()
                .get(0))
        .satisfies(c -> assertThat(c.getDeletionFailure()).contains("without a pod"))
        .satisfies(c -> assertThat(c.getDeletionRetryTime()).isNotNull())
        .satisfies(c -> assertThat(c.getDeletionJob()).isNull());
  }

  @Test
  void retentionNeverDeletesAChainAnotherBackupOrAPodStillWritesInto() {
    create(
        "nightly",
        spec -> {
          spec.getChain().setBackupsPerChain(1);
          RetentionPolicy retention = new RetentionPolicy();
          retention.setKeepChains(1);
          spec.setRetention(retention);
        });
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    // A one-off backup, not the schedule's, into a directory inside the first chain, and a pod
    // of a deleted backup still writing into the first chain.
    Neo4jBackup oneOff = oneOffBackup("one-off", chainPath(first) + "/copy");
    Pod lingering = writingPod("lingering", chainPath(first));

    succeed(awaitBackup("nightly", tick()), 20);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup().getLastTransactionId() == 20);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> retentionJobs().isEmpty());

    finish(oneOff);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> retentionJobs().isEmpty());

    client
        .resource(new PodBuilder(lingering).editStatus().withPhase("Failed").endStatus().build())
        .updateStatus();
    Job job = await().atMost(TIMEOUT).until(this::retentionJobs, jobs -> !jobs.isEmpty()).get(0);
    assertThat(job.getMetadata().getName()).isEqualTo(ScheduleNames.retentionJob("nightly", first));
  }

  @Test
  void aChainWhoseLockIsHeldIsDeletedAtALaterReconciliationAndTheWaitIsReported() {
    create(
        "nightly",
        spec -> {
          spec.getChain().setBackupsPerChain(1);
          RetentionPolicy retention = new RetentionPolicy();
          retention.setKeepChains(1);
          spec.setRetention(retention);
        });
    Instant first = tick();
    succeed(awaitBackup("nightly", first), 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);
    succeed(awaitBackup("nightly", tick()), 20);
    Job job = await().atMost(TIMEOUT).until(this::retentionJobs, jobs -> !jobs.isEmpty()).get(0);

    // As the kubelet and the Job controller: the engine found the chain locked, every retry.
    client
        .resource(
            retentionPod(
                job,
                5,
                "{\"status\":\"failed\",\"failure\":\"TARGET_BUSY\","
                    + "\"message\":\"a restore holds the lock\"}"))
        .create();
    failJob(job);

    Neo4jBackupScheduleStatus deferred =
        awaitStatus("nightly", s -> s.getChains().get(0).getDeletionFailure() != null);
    assertThat(deferred.getChains().get(0))
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chainPath(first)))
        .satisfies(c -> assertThat(c.getDeletionFailure()).contains("TARGET_BUSY"))
        .satisfies(
            c ->
                assertThat(Instant.parse(c.getDeletionRetryTime()))
                    .isAfter(clock.instant().plus(Duration.ofMinutes(4))));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventMessages("nightly", "ChainDeletionDeferred"))
                    .singleElement()
                    .satisfies(m -> assertThat(m).contains(chainPath(first), "tries again after")));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> retentionJobs().isEmpty());

    clock.advance(Retention.DELETION_RETRY.plusSeconds(1));

    Job retry = await().atMost(TIMEOUT).until(this::retentionJobs, jobs -> !jobs.isEmpty()).get(0);
    client
        .resource(
            new JobBuilder(retry)
                .withStatus(new JobStatusBuilder().withSucceeded(1).build())
                .build())
        .updateStatus();
    Neo4jBackupScheduleStatus deleted = awaitStatus("nightly", s -> s.getDeletedChains() != null);
    assertThat(deleted.getDeletedChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chainPath(first)))
        .satisfies(c -> assertThat(c.getDeletionFailure()).isNull());
  }

  @Test
  void historyLimitsDeleteOldFinishedBackupsButNeverRunningOnes() {
    create(
        "nightly",
        spec -> {
          spec.setSuccessfulBackupsHistoryLimit(1);
          spec.setFailedBackupsHistoryLimit(1);
        });
    for (int i = 0; i < 3; i++) {
      Neo4jBackup backup = awaitBackup("nightly", tick());
      if (i == 1) {
        fail(backup, FailureReason.Unreachable);
      } else {
        succeed(backup, 10 + i);
      }
      String name = backup.getMetadata().getName();
      awaitStatus(
          "nightly",
          s ->
              (s.getLastSuccessfulBackup() != null
                      && name.equals(s.getLastSuccessfulBackup().getName()))
                  || (s.getLastFailedBackup() != null
                      && name.equals(s.getLastFailedBackup().getName())));
    }
    Instant running = tick();
    awaitBackup("nightly", running);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(backups("nightly"))
                    .extracting(b -> b.getStatus() == null ? null : b.getStatus().getPhase())
                    .containsExactlyInAnyOrder(BackupPhase.Failed, BackupPhase.Succeeded, null));
  }

  @Test
  void anInvalidScheduleIsReportedAndRunsNothing() {
    create("nightly", spec -> spec.setSchedule("0 0 31 2 1"));

    Neo4jBackupScheduleStatus status = awaitStatus("nightly", s -> s.getConditions() != null);

    assertThat(ready(status).getStatus()).isEqualTo(ConditionStatus.False);
    assertThat(ready(status).getReason()).isEqualTo(ScheduleConditionReason.InvalidSchedule);
    assertThat(ready(status).getMessage()).contains("spec.schedule '0 0 31 2 1'");
    assertThat(status.getNextScheduleTime()).isNull();
    awaitEvents("nightly", "InvalidSpec");
  }

  @Test
  void metricsCountRunsByOutcomeAndShowTheLastBackup() {
    create("nightly", spec -> {});
    Neo4jBackup backup = awaitBackup("nightly", tick());
    succeed(backup, 10);
    awaitStatus("nightly", s -> s.getLastSuccessfulBackup() != null);

    var meters = cluster.meters();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      meters
                          .get("neo4j.backup.schedule.runs")
                          .tags("schedule", "nightly", "outcome", "succeeded")
                          .counter()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      meters
                          .get("neo4j.backup.schedule.last.transferred")
                          .tags("schedule", "nightly")
                          .gauge()
                          .value())
                  .isEqualTo(4096);
              assertThat(
                      meters
                          .get("neo4j.backup.schedule.last.duration")
                          .tags("schedule", "nightly")
                          .gauge()
                          .value())
                  .isEqualTo(65);
            });
  }

  // --- the cluster, as the tests see and drive it

  private Instant tick() {
    Instant tick = nextHour;
    clock.set(tick.plusSeconds(5));
    nextHour = nextHour.plus(1, ChronoUnit.HOURS);
    return tick;
  }

  private static String chainPath(Instant tick) {
    return ScheduleNames.chainPath("neo4j/prod", tick);
  }

  private Neo4jBackupSchedule create(String name, Consumer<Neo4jBackupScheduleSpec> customize) {
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
    var metadata = new io.neo4jbackup.api.v1alpha1.TemplateMetadata();
    metadata.setLabels(java.util.Map.of("team", "graph"));
    backupTemplate.setMetadata(metadata);
    spec.setBackupTemplate(backupTemplate);
    customize.accept(spec);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName(name);
    schedule.getMetadata().setNamespace(NAMESPACE);
    schedule.setSpec(spec);
    return client.resource(schedule).create();
  }

  /**
   * Changes the schedule's template and waits until the operator has seen the change (a change
   * counts ticks from when the operator sees it on, so the next tick must come after that).
   */
  private void editTemplate(String name, Consumer<BackupTemplateSpec> change) {
    Neo4jBackupSchedule edited =
        client
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(NAMESPACE)
            .withName(name)
            .edit(
                schedule -> {
                  change.accept(schedule.getSpec().getBackupTemplate().getSpec());
                  return schedule;
                });
    awaitStatus(name, s -> edited.getMetadata().getGeneration().equals(s.getObservedGeneration()));
  }

  private Neo4jBackupSchedule get(String name) {
    return client.resources(Neo4jBackupSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Neo4jBackupScheduleStatus awaitStatus(
      String name, java.util.function.Predicate<Neo4jBackupScheduleStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> get(name).getStatus(), status -> status != null && condition.test(status));
  }

  private List<Neo4jBackup> backups(String schedule) {
    return client
        .resources(Neo4jBackup.class)
        .inNamespace(NAMESPACE)
        .withLabel(ScheduleNames.SCHEDULE_LABEL, schedule)
        .list()
        .getItems()
        .stream()
        .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
        .toList();
  }

  private Neo4jBackup awaitBackup(String schedule, Instant tick) {
    String name = ScheduleNames.backup(schedule, tick);
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get(),
            b -> b != null);
  }

  private List<Job> retentionJobs() {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/component", ScheduleNames.RETENTION_COMPONENT)
        .list()
        .getItems();
  }

  /** A Neo4jBackup created by someone, not by the schedule, into {@code path} of the claim. */
  private Neo4jBackup oneOffBackup(String name, String path) {
    Neo4jBackup backup = new Neo4jBackup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(NAMESPACE);
    var spec = new io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath(path);
    spec.setTarget(target);
    backup.setSpec(spec);
    return client.resource(backup).create();
  }

  /** As the backup reconciler: a backup that is not the schedule's finished. */
  private void finish(Neo4jBackup backup) {
    Neo4jBackup latest = client.resource(backup).get();
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    latest.setStatus(status);
    client.resource(latest).updateStatus();
  }

  /** A backup pod, its backup gone, still running into {@code path} of the claim. */
  private Pod writingPod(String name, String path) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .addToLabels(BackupJob.BACKUP_LABEL, "deleted-backup")
                .addToAnnotations(BackupJob.TARGET_ANNOTATION, "backups:/backup/" + path)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(BackupJob.CONTAINER)
                .withImage("engine")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
  }

  /** As the Job controller and the kubelet: a pod of a retention Job that ended. */
  private static Pod retentionPod(Job job, int exitCode, String terminationMessage) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-abcde")
        .withNamespace(NAMESPACE)
        .addToLabels("job-name", job.getMetadata().getName())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Failed")
        .addNewContainerStatus()
        .withName(RetentionJob.CONTAINER)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withMessage(terminationMessage)
        .withFinishedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private void failJob(Job job) {
    client
        .resource(
            new JobBuilder(job)
                .withStatus(
                    new JobStatusBuilder()
                        .withFailed(3)
                        .withConditions(
                            new JobConditionBuilder().withType("Failed").withStatus("True").build())
                        .build())
                .build())
        .updateStatus();
  }

  /** As the backup reconciler: the backup succeeded. */
  private void succeed(Neo4jBackup backup, long lastTransaction) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setMode(backup.getSpec().getMode());
    status.setStartTime(clock.instant().toString());
    status.setCompletionTime(clock.instant().plusSeconds(65).toString());
    status.setDuration("1m5s");
    status.setBytesTransferred(4096L);
    status.setLastTransactionId(lastTransaction);
    backup.setStatus(status);
    client.resource(backup).updateStatus();
  }

  /** As the backup reconciler: the backup failed. */
  private void fail(Neo4jBackup backup, FailureReason reason) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Failed);
    status.setCompletionTime(clock.instant().plusSeconds(3).toString());
    status.setFailureReason(reason);
    status.setFailureMessage("the server says no");
    backup.setStatus(status);
    client.resource(backup).updateStatus();
  }

  private List<String> events(String schedule) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> schedule.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Neo4jBackupSchedule".equals(e.getInvolvedObject().getKind()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  /** Waits until the schedule's Events include {@code reasons}: they are written apart from it. */
  private void awaitEvents(String schedule, String... reasons) {
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(schedule)).contains(reasons));
  }

  private List<String> eventMessages(String schedule, String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> schedule.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .map(io.fabric8.kubernetes.api.model.Event::getMessage)
        .toList();
  }

  private static ScheduleCondition ready(Neo4jBackupScheduleStatus status) {
    return condition(status, ScheduleConditionType.Ready);
  }

  private static ScheduleCondition condition(
      Neo4jBackupScheduleStatus status, ScheduleConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow();
  }
}

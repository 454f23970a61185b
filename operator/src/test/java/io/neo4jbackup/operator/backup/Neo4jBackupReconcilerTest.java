package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.operator.job.BackupJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Neo4jBackup reconciler against a mock Kubernetes API, the tests playing the Job controller
 * and the kubelet: one Job per backup, the engine's result in the status, each failure reason, one
 * backup at a time per target, and an operator restarted mid-backup.
 */
class Neo4jBackupReconcilerTest {

  private static final String NAMESPACE = "graph";
  private static final String CLAIM = "backups";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private TestingCluster cluster;
  private KubernetesClient client;
  private TestingOperator operator;

  @BeforeEach
  void start() {
    cluster = new TestingCluster();
    client = cluster.client();
    cluster.namespaceWithClaim(NAMESPACE, CLAIM);
    operator = new TestingOperator(client);
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void runsTheBackupInOneJobOwnedByItAndReportsItRunning() {
    Neo4jBackup backup = create("nightly", "neo4j/prod", spec -> {});

    Job job = awaitJob("nightly");
    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Running);

    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(backup.getMetadata().getUid()));
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSequence("-from", "single://neo4j.graph.svc.cluster.local:6362")
        .containsSequence("-to", "/backup/neo4j/prod");
    assertThat(status.getJobName()).isEqualTo("nightly");
    assertThat(status.getStartTime()).isNotNull();
    assertThat(status.getObservedGeneration()).isEqualTo(backup.getMetadata().getGeneration());
    assertThat(condition(status, BackupConditionType.Complete))
        .satisfies(
            complete -> {
              assertThat(complete.getStatus()).isEqualTo(ConditionStatus.False);
              assertThat(complete.getReason()).isEqualTo(BackupConditionReason.Running);
            });
    awaitEvent("nightly", "BackupStarted");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
  }

  @Test
  void aSucceededBackupReportsWhatTheEngineDid() {
    create("nightly", "neo4j/prod", spec -> spec.setVerify(VerifySpec.of(true)));
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPod(job, "nightly-abcde");
    cluster.terminate(pod, 0, succeeded("FULL", 1, 4711, true));
    cluster.complete(job);

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Succeeded);
    assertThat(status.getMode()).isEqualTo(BackupMode.Full);
    assertThat(status.getMember()).isEqualTo("neo4j.graph.svc.cluster.local:6362");
    assertThat(status.getStoreId()).isEqualTo("store-1");
    assertThat(status.getFirstTransactionId()).isEqualTo(1);
    assertThat(status.getLastTransactionId()).isEqualTo(4711);
    assertThat(status.getBytesTransferred()).isEqualTo(123456);
    assertThat(status.getDuration()).matches("\\d+s");
    assertThat(status.getVerification()).isEqualTo(VerificationResult.Passed);
    assertThat(status.getCompletionTime()).isNotNull();
    assertThat(status.getFailureReason()).isNull();
    assertThat(condition(status, BackupConditionType.Complete).getStatus())
        .isEqualTo(ConditionStatus.True);
    assertThat(condition(status, BackupConditionType.Verified).getReason())
        .isEqualTo(BackupConditionReason.ConsistencyPassed);
    assertThat(status.getConditions()).noneMatch(c -> c.getType() == BackupConditionType.Failed);
    assertThat(awaitEvent("nightly", "BackupSucceeded").getMessage())
        .contains("transactions 1 to 4711");
    // Counted after the event is recorded: await it.
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                operator
                    .meters()
                    .counter("neo4j.backup.succeeded", "namespace", NAMESPACE, "mode", "Full")
                    .count(),
            count -> count == 1);

    // Status is written only when it changed: an event about the finished Job sends nothing.
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName("nightly")
        .edit(
            edited -> {
              edited.getMetadata().getLabels().put("touched", "yes");
              return edited;
            });
    int requests = cluster.requests();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> cluster.requests() == requests);
  }

  @ParameterizedTest(name = "engine failure {0} (exit {1}) -> {2}")
  @CsvSource({
    "CONNECTION,    3, Unreachable",
    "SERVER_BUSY,   3, ServerBusy",
    "DATABASE_UNAVAILABLE, 3, DatabaseUnavailable",
    "BEHIND,        3, MemberBehind",
    "WRONG_CLUSTER, 4, WrongCluster",
    "OTHER_STORE,   4, OtherStore",
    "DIVERGED,      4, Diverged",
    "LOGS_PRUNED,   4, LogsPruned",
    "PROTOCOL,      4, Integrity",
    "VERIFICATION,  6, VerificationFailed",
    "TARGET_BUSY,   5, TargetBusy",
    "INTERNAL,      1, JobFailed",
  })
  void aBackupTheEngineFailedFailsWithTheFixedReason(
      String failure, int exitCode, FailureReason reason) {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPod(job, "nightly-abcde");
    cluster.terminate(
        pod,
        exitCode,
        "{\"status\":\"failed\",\"failure\":\""
            + failure
            + "\",\"exitCode\":"
            + exitCode
            + ",\"message\":\"what the engine saw\"}");
    cluster.fail(job, "BackoffLimitExceeded");

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Failed);
    assertFailed(status, reason, "what the engine saw");
    assertThat(awaitEvent("nightly", "BackupFailed").getType()).isEqualTo("Warning");
  }

  @Test
  void aPodThatCannotPullItsImageIsNamedInTheStatusOfTheRunningBackup() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    cluster.waiting(
        cluster.startPod(job, "nightly-abcde"),
        "ImagePullBackOff",
        "Back-off pulling image \"engine:9\"");

    awaitPhase("nightly", BackupPhase.Running);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> condition(backup("nightly").getStatus(), BackupConditionType.Complete),
            complete ->
                complete
                    .getMessage()
                    .equals(
                        "The backup Job nightly has started, but its pod nightly-abcde waits"
                            + " (ImagePullBackOff: Back-off pulling image \"engine:9\")."));
    assertThat(backup("nightly").getStatus().getPhase()).isEqualTo(BackupPhase.Running);
    assertThat(awaitEvent("nightly", "BackupStuck").getType()).isEqualTo("Warning");
  }

  @Test
  void aJobPastItsDeadlineFailsWithDeadlineExceeded() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");
    cluster.startPod(job, "nightly-abcde");

    cluster.fail(job, "DeadlineExceeded");

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed),
        FailureReason.DeadlineExceeded,
        "activeDeadlineSeconds (21600 s)");
  }

  @Test
  void anEvictedPodWhoseJobGaveUpFailsWithPodLost() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    cluster.evict(cluster.startPod(job, "nightly-abcde"));
    cluster.fail(job, "BackoffLimitExceeded");

    assertFailed(awaitPhase("nightly", BackupPhase.Failed), FailureReason.PodLost, "Evicted");
  }

  @Test
  void aJobWhoseEndArrivesBeforeItsPodsIsReadFromThePodInTheApi() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPodUnseenByTheOperator(job, "nightly-abcde");
    cluster.terminate(pod, 0, succeeded("FULL", 1, 4711, false));
    cluster.complete(job);

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Succeeded);
    assertThat(status.getLastTransactionId()).isEqualTo(4711);
  }

  @Test
  void aFailedJobWhosePodIsUnseenYetReportsTheEnginesReasonNotPodLost() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPodUnseenByTheOperator(job, "nightly-abcde");
    cluster.terminate(
        pod,
        3,
        "{\"status\":\"failed\",\"failure\":\"CONNECTION\",\"exitCode\":3,"
            + "\"message\":\"connection refused\"}");
    cluster.fail(job, "BackoffLimitExceeded");

    assertThat(awaitPhase("nightly", BackupPhase.Failed).getFailureReason())
        .isEqualTo(FailureReason.Unreachable);
  }

  @Test
  void aJobWhosePodsWereDeletedFailsWithPodLost() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPod(job, "nightly-abcde");
    client.resource(pod).delete();
    cluster.fail(job, "BackoffLimitExceeded");

    assertFailed(awaitPhase("nightly", BackupPhase.Failed), FailureReason.PodLost, "disappeared");
  }

  @Test
  void aDeletedJobFailsTheBackupWithPodLostAndIsNotRecreated() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");
    awaitPhase("nightly", BackupPhase.Running);

    client.resource(job).delete();

    assertFailed(awaitPhase("nightly", BackupPhase.Failed), FailureReason.PodLost, "was deleted");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void aSpecThatCannotRunFailsWithInvalidSpecWithoutAJob() {
    create("nightly", "neo4j/prod", spec -> spec.setFrom("single://neo4j:99999"));

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "port 99999 is outside 1-65535");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void aDatabaseNameNeo4jWouldRefuseFailsWithInvalidSpecWithoutAJob() {
    create("nightly", "neo4j/prod", spec -> spec.setDatabase("System-Copy"));

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "spec.database 'System-Copy' is not a Neo4j database name");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void replaceWithoutModeFullFailsWithInvalidSpecWithoutAJob() {
    create(
        "nightly",
        "neo4j/prod",
        spec -> {
          spec.setMode(BackupMode.Incremental);
          spec.setReplace(true);
        });

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "spec.replace is true with mode Incremental");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void aSpecThatWouldRunTheEnginePrivilegedFailsWithInvalidSpecWithoutAJob() {
    create(
        "nightly",
        "neo4j/prod",
        spec -> {
          var job = new io.neo4jbackup.api.v1alpha1.JobSettings();
          job.setContainerSecurityContext(
              new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
                  .withPrivileged(true)
                  .build());
          spec.setJob(job);
        });

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "spec.job.containerSecurityContext.privileged is true");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void aMissingClaimFailsWithTargetNotFoundWithoutAJob() {
    create("nightly", "neo4j/prod", spec -> spec.getTarget().setClaimName("no-such-claim"));

    assertFailed(
        awaitPhase("nightly", BackupPhase.Failed), FailureReason.TargetNotFound, "no-such-claim");
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void aSecondBackupIntoTheSameTargetWaitsUntilTheFirstHasFinished() {
    create("first", "neo4j/prod", spec -> {});
    Job first = awaitJob("first");
    awaitPhase("first", BackupPhase.Running);
    create("second", "/neo4j/prod", spec -> {});
    create("elsewhere", "neo4j/test", spec -> {});

    Neo4jBackupStatus waiting = awaitPhase("second", BackupPhase.Pending);
    assertThat(condition(waiting, BackupConditionType.Complete))
        .satisfies(
            complete -> {
              assertThat(complete.getReason()).isEqualTo(BackupConditionReason.TargetBusy);
              assertThat(complete.getMessage()).contains("Neo4jBackup first");
            });
    awaitJob("elsewhere");
    assertThat(job("second")).isNull();

    cluster.terminate(cluster.startPod(first, "first-abcde"), 0, succeeded("FULL", 1, 10, false));
    cluster.complete(first);

    awaitPhase("first", BackupPhase.Succeeded);
    awaitJob("second");
    awaitPhase("second", BackupPhase.Running);
  }

  @Test
  void aBackupIntoADirectoryInsideAnotherBackupsFailsAtOnceNamingItAndBothPaths() {
    Job outer = awaitJob(create("outer", "neo4j", spec -> {}).getMetadata().getName());
    cluster.terminate(cluster.startPod(outer, "outer-abcde"), 0, succeeded("FULL", 1, 10, false));
    cluster.complete(outer);
    awaitPhase("outer", BackupPhase.Succeeded);

    create("inner", "neo4j/prod", spec -> {});

    assertFailed(
        awaitPhase("inner", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "spec.target.path 'neo4j/prod' lies inside the directory of Neo4jBackup outer (path"
            + " 'neo4j', claim backups)");
    assertThat(job("inner")).isNull();
  }

  @Test
  void aOneOffBackupAtASchedulesPathIsRefusedWhileItsChainsRunBesideEachOther() {
    create("chain-a", "neo4j/prod/chain-20260105T023000Z", spec -> {});
    awaitPhase("chain-a", BackupPhase.Running);
    create("chain-b", "neo4j/prod/chain-20260112T023000Z", spec -> {});
    awaitPhase("chain-b", BackupPhase.Running);

    create("root", "/neo4j/prod", spec -> {});

    assertFailed(
        awaitPhase("root", BackupPhase.Failed),
        FailureReason.InvalidSpec,
        "spec.target.path '/neo4j/prod' contains the directory of Neo4jBackup chain-a");
    assertThat(job("root")).isNull();
    assertThat(backup("chain-a").getStatus().getPhase()).isEqualTo(BackupPhase.Running);
  }

  @Test
  void aBackupWaitsForThePodOfADeletedBackupInsideItsTargetToEnd() {
    Neo4jBackup inner = create("inner", "neo4j/prod/x", spec -> {});
    Pod pod = cluster.startPod(awaitJob("inner"), "inner-abcde");
    client.resource(inner).delete();
    await().atMost(TIMEOUT).until(() -> job("inner") == null);

    create("outer", "neo4j/prod", spec -> {});

    Neo4jBackupStatus waiting = awaitPhase("outer", BackupPhase.Pending);
    assertThat(condition(waiting, BackupConditionType.Complete).getMessage())
        .contains(
            "Waiting for pod inner-abcde of Neo4jBackup inner, which still writes into path"
                + " neo4j/prod/x");
    assertThat(job("outer")).isNull();

    cluster.terminate(pod, 143, null);

    awaitPhase("outer", BackupPhase.Running);
  }

  @Test
  void aBackupWaitsWhileARestoreDrillsPodReadsItsTarget() {
    Pod drill =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("nightly-drill-abcde")
                    .withNamespace(NAMESPACE)
                    .addToLabels(BackupJob.READER_LABEL, "true")
                    .addToAnnotations(BackupJob.READS_ANNOTATION, "backups:/backup/neo4j/prod")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName(BackupJob.CONTAINER)
                    .withImage("local/neo4j-backup-engine:0.1.0")
                    .endContainer()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .endStatus()
                    .build())
            .create();

    create("nightly", "neo4j/prod", spec -> {});

    Neo4jBackupStatus waiting = awaitPhase("nightly", BackupPhase.Pending);
    assertThat(condition(waiting, BackupConditionType.Complete).getMessage())
        .contains(
            "Waiting for pod nightly-drill-abcde (a restore drill or a restore), which reads path"
                + " neo4j/prod");
    assertThat(job("nightly")).isNull();

    cluster.terminate(drill, 0, null);

    awaitPhase("nightly", BackupPhase.Running);
  }

  @Test
  void aBackupWaitsForThePodOfADeletedBackupIntoItsTargetToEnd() {
    Neo4jBackup first = create("first", "neo4j/prod", spec -> {});
    Pod pod = cluster.startPod(awaitJob("first"), "first-abcde");
    client.resource(first).delete();
    await().atMost(TIMEOUT).until(() -> job("first") == null);

    create("second", "neo4j/prod", spec -> {});

    Neo4jBackupStatus waiting = awaitPhase("second", BackupPhase.Pending);
    assertThat(condition(waiting, BackupConditionType.Complete).getMessage())
        .contains("Waiting for pod first-abcde of Neo4jBackup first");
    assertThat(job("second")).isNull();

    cluster.terminate(pod, 143, null);

    awaitPhase("second", BackupPhase.Running);
  }

  @Test
  void backupsCreatedTogetherForOneTargetRunOneAtATimeInCreationOrder() {
    // Created in this order, within one second or across seconds: either way (names break ties
    // within a second, as TargetQueueTest shows) the order is a, b, c.
    for (String name : List.of("a", "b", "c")) {
      create(name, "neo4j/prod", spec -> {});
    }

    Job a = awaitJob("a");
    awaitPhase("b", BackupPhase.Pending);
    awaitPhase("c", BackupPhase.Pending);
    cluster.terminate(cluster.startPod(a, "a-1"), 3, null);
    cluster.fail(a, "BackoffLimitExceeded");
    awaitPhase("a", BackupPhase.Failed);

    awaitJob("b");
    assertThat(job("c")).isNull();
    assertThat(awaitPhase("c", BackupPhase.Pending)).isNotNull();
  }

  @Test
  void anOperatorRestartedMidBackupKeepsTheOneJobAndTheResult() {
    create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");
    awaitPhase("nightly", BackupPhase.Running);

    operator.close();
    Pod pod = cluster.startPod(job, "nightly-abcde");
    operator = new TestingOperator(client);
    awaitEvent("nightly", "BackupStarted");

    operator.close();
    cluster.terminate(pod, 0, succeeded("INCREMENTAL", 11, 20, false));
    cluster.complete(job);
    operator = new TestingOperator(client);

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Succeeded);
    assertThat(status.getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(status.getLastTransactionId()).isEqualTo(20);
    assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
        .singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getUid()).isEqualTo(job.getMetadata().getUid()));
    assertThat(events("nightly", "BackupStarted")).hasSize(1);
  }

  @Test
  void aFinishedBackupIsNeverRunAgainWhenItsManifestIsReapplied() {
    Neo4jBackup manifest = create("nightly", "neo4j/prod", spec -> {});
    Job job = awaitJob("nightly");
    cluster.terminate(cluster.startPod(job, "nightly-abcde"), 0, succeeded("FULL", 1, 9, false));
    cluster.complete(job);
    awaitPhase("nightly", BackupPhase.Succeeded);
    client.resource(job).delete();

    Neo4jBackup reapplied = new Neo4jBackup();
    reapplied.setMetadata(
        new ObjectMetaBuilder()
            .withName("nightly")
            .withNamespace(NAMESPACE)
            .withAnnotations(Map.of("reapplied", "yes"))
            .build());
    reapplied.setSpec(manifest.getSpec());
    client.resource(reapplied).patch(PatchContext.of(PatchType.JSON_MERGE));

    await()
        .atMost(TIMEOUT)
        .until(() -> backup("nightly").getMetadata().getAnnotations().containsKey("reapplied"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> job("nightly") == null);
    assertThat(backup("nightly").getStatus().getPhase()).isEqualTo(BackupPhase.Succeeded);
    assertThat(events("nightly", "BackupStarted")).hasSize(1);
  }

  @Test
  void deletingABackupDeletesItsJobButNeverItsClaim() {
    Neo4jBackup backup = create("nightly", "neo4j/prod", spec -> {});
    awaitJob("nightly");

    client.resource(backup).delete();

    await().atMost(TIMEOUT).until(() -> job("nightly") == null);
    assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(CLAIM).get())
        .isNotNull();
  }

  @Test
  void aJobOfTheSameNameThatIsNotTheBackupsIsLeftAloneAndWaitedFor() {
    Job foreign =
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
            .withNewMetadata()
            .withName("nightly")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("other")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(foreign).create();
    create("nightly", "neo4j/prod", spec -> {});

    Neo4jBackupStatus waiting = awaitPhase("nightly", BackupPhase.Pending);
    assertThat(condition(waiting, BackupConditionType.Complete).getMessage())
        .contains("does not belong to this Neo4jBackup");
    assertThat(job("nightly").getSpec().getTemplate().getSpec().getContainers().get(0).getName())
        .isEqualTo("other");

    client.resource(foreign).delete();

    awaitPhase("nightly", BackupPhase.Running);
    assertThat(job("nightly").getMetadata().getOwnerReferences()).hasSize(1);
  }

  private Neo4jBackup create(
      String name, String path, java.util.function.Consumer<Neo4jBackupSpec> settings) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName(CLAIM);
    target.setPath(path);
    spec.setTarget(target);
    settings.accept(spec);
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    backup.setSpec(spec);
    return client.resource(backup).create();
  }

  private Neo4jBackup backup(String name) {
    return client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private Job awaitJob(String name) {
    return await().atMost(TIMEOUT).until(() -> job(name), java.util.Objects::nonNull);
  }

  private Neo4jBackupStatus awaitPhase(String name, BackupPhase phase) {
    Predicate<Neo4jBackup> inPhase =
        backup -> backup.getStatus() != null && backup.getStatus().getPhase() == phase;
    return await().atMost(TIMEOUT).until(() -> backup(name), inPhase::test).getStatus();
  }

  private List<Event> events(String name, String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(event -> name.equals(event.getInvolvedObject().getName()))
        .filter(event -> reason.equals(event.getReason()))
        .toList();
  }

  private Event awaitEvent(String name, String reason) {
    return await().atMost(TIMEOUT).until(() -> events(name, reason), e -> !e.isEmpty()).get(0);
  }

  private static BackupCondition condition(Neo4jBackupStatus status, BackupConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }

  private static void assertFailed(Neo4jBackupStatus status, FailureReason reason, String message) {
    assertThat(status.getFailureReason()).isEqualTo(reason);
    assertThat(status.getFailureMessage()).contains(message);
    assertThat(status.getCompletionTime()).isNotNull();
    assertThat(condition(status, BackupConditionType.Failed))
        .satisfies(
            failed -> {
              assertThat(failed.getStatus()).isEqualTo(ConditionStatus.True);
              assertThat(failed.getReason()).isEqualTo(BackupConditionReason.of(reason));
            });
    assertThat(condition(status, BackupConditionType.Complete).getStatus())
        .isEqualTo(ConditionStatus.False);
  }

  private static String succeeded(String mode, long first, long last, boolean verified) {
    return "{\"status\":\"succeeded\",\"result\":{\"mode\":\""
        + mode
        + "\",\"target\":\"/backup/neo4j/prod\",\"database\":\"neo4j\",\"storeId\":\"store-1\","
        + "\"member\":\"neo4j.graph.svc.cluster.local:6362\",\"firstTxId\":"
        + first
        + ",\"lastTxId\":"
        + last
        + ",\"bytes\":123456,\"files\":36,\"duration\":\"PT8.1S\""
        + (verified ? ",\"verified\":true,\"verification\":\"no inconsistencies\"" : "")
        + "}}";
  }
}

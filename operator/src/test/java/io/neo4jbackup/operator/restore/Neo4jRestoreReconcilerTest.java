package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestoreConditionReason;
import io.neo4jbackup.api.v1alpha1.RestoreConditionType;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.api.v1alpha1.RestoreTarget;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.RestoreJob;
import io.neo4jbackup.operator.schedule.ChainPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Neo4jRestore reconciler against a mock Kubernetes API, the tests playing the StatefulSet and
 * Job controllers and the kubelet: each step of a restore, each refusal, a failed restore Job, an
 * operator restarted at each step, and a restore deleted midway.
 */
class Neo4jRestoreReconcilerTest {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  /** How far the operator's clock runs ahead of the real one. */
  private volatile Duration skew = Duration.ZERO;

  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return Instant.now().plus(skew);
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }
      };

  private TestingNeo4jCluster cluster;
  private KubernetesClient client;
  private Operator operator;

  @BeforeEach
  void start() {
    cluster = new TestingNeo4jCluster(NAMESPACE);
    client = cluster.client();
    cluster.claim("backups");
    cluster.neo4j("graph", 1);
    // Created before the operator starts, which then leaves these finished backups alone.
    backup("nightly", "neo4j/prod", BackupPhase.Succeeded);
    backup("weekly", "neo4j/weekly", BackupPhase.Succeeded);
    backup("broken", "neo4j/broken", BackupPhase.Failed);
    schedule("graph-nightly", "single://graph:6362", "other-claim", false);
    schedule("graph-paused", "single://graph-backup:6362", "other-claim", true);
    schedule("other-db", "single://other:6362", "other-claim", false);
    startOperator();
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void stopsNeo4jRestoresInAJobThenStartsNeo4jAndResumesTheSchedulesItSuspended() {
    create("restore", source -> source.setBackup("nightly"));

    Neo4jRestoreStatus stopping = awaitPhase("restore", RestorePhase.Stopping);
    assertThat(stopping.getReplicas()).isEqualTo(1);
    assertThat(stopping.getSuspendedSchedules()).containsExactly("graph-nightly");
    assertThat(stopping.getSource()).isEqualTo("backups:neo4j/prod");
    assertThat(stopping.getDataClaim()).isEqualTo("data-graph-0");
    assertThat(stopping.getDataSubPath()).isEqualTo("data");
    assertThat(stopping.getStoppingTime()).isNotNull();
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 0);
    assertThat(suspended("graph-nightly")).isTrue();
    assertThat(suspended("other-db")).isFalse();
    awaitEvent("restore", "RestoreStopping");
    assertThat(cluster.job("restore")).as("no Job while Neo4j's pod runs").isNull();

    cluster.podsGone("graph");
    Neo4jRestoreStatus restoring = awaitPhase("restore", RestorePhase.Restoring);
    assertThat(restoring.getJobName()).isEqualTo("restore");
    Job job = cluster.job("restore");
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand())
        .containsSequence("restore", "-from", "/backup/neo4j/prod", "-to", "/data")
        .endsWith("-json");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/backup");
              assertThat(mount.getReadOnly()).isTrue();
            })
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/data");
              assertThat(mount.getSubPath()).isEqualTo("data");
            });
    awaitEvent("restore", "RestoreRestoring");

    cluster.finishJob(job, 0, golden("restore-succeeded.json"));
    Neo4jRestoreStatus starting = awaitPhase("restore", RestorePhase.Starting);
    assertThat(starting.getLastTransactionId()).isEqualTo(1171);
    assertThat(starting.getDatabase()).isEqualTo("neo4j");
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);
    assertThat(suspended("graph-nightly")).as("resumed only once Neo4j is ready").isTrue();

    cluster.ready("graph");
    Neo4jRestoreStatus succeeded = awaitPhase("restore", RestorePhase.Succeeded);
    assertThat(succeeded.getLastCommitTime()).isEqualTo("2026-12-05T14:04:59.123Z");
    assertThat(succeeded.getKeptAside()).hasSize(2);
    assertThat(succeeded.getVerified()).isTrue();
    assertThat(succeeded.getCompletionTime()).isNotNull();
    assertThat(succeeded.getFailureReason()).isNull();
    assertThat(condition(succeeded, RestoreConditionType.Complete).getStatus())
        .isEqualTo(ConditionStatus.True);
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(suspended("graph-paused")).as("suspended before, by someone else").isTrue();
    assertThat(awaitEvent("restore", "RestoreSucceeded").getMessage()).contains("transaction 1171");
    assertThat(restoredAt("graph-nightly"))
        .as("its next run starts a new chain: the database's history is not the chain's")
        .isEqualTo(succeeded.getRestoringTime());
    assertThat(restoredAt("graph-paused")).as("so does a suspended one's").isNotNull();
    assertThat(restoredAt("other-db")).as("another Neo4j's").isNull();
  }

  @Test
  void aRestoreJobThatFailedStartsNeo4jAgainResumesTheSchedulesAndFailsWithTheEnginesMessage() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    cluster.podsGone("graph");
    awaitPhase("restore", RestorePhase.Restoring);

    cluster.finishJob(cluster.job("restore"), 2, golden("failed-usage.json"));
    Neo4jRestoreStatus starting = awaitPhase("restore", RestorePhase.Starting);
    assertThat(starting.getFailureReason()).isEqualTo(RestoreFailureReason.InvalidSpec);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);

    cluster.ready("graph");
    Neo4jRestoreStatus failed = awaitPhase("restore", RestorePhase.Failed);
    assertThat(failed.getFailureReason()).isEqualTo(RestoreFailureReason.InvalidSpec);
    assertThat(failed.getFailureMessage())
        .contains("what the engine says of a USAGE failure", "folders as they were");
    assertThat(condition(failed, RestoreConditionType.Failed).getReason())
        .isEqualTo(RestoreConditionReason.InvalidSpec);
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(awaitEvent("restore", "RestoreFailed").getType()).isEqualTo("Warning");
    assertThat(restoredAt("graph-nightly")).as("the database was left as it was").isNull();
  }

  @Test
  void aRestartedOperatorCarriesOnFromEachStep() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 0);

    restartOperatorWhile(() -> cluster.podsGone("graph"));
    awaitPhase("restore", RestorePhase.Restoring);

    restartOperatorWhile(
        () -> cluster.finishJob(cluster.job("restore"), 0, golden("restore-succeeded.json")));
    awaitPhase("restore", RestorePhase.Starting);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);

    restartOperatorWhile(() -> cluster.ready("graph"));
    Neo4jRestoreStatus succeeded = awaitPhase("restore", RestorePhase.Succeeded);
    assertThat(succeeded.getSuspendedSchedules()).containsExactly("graph-nightly");
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel(RestoreJob.RESTORE_LABEL)
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  void aRestoreDeletedWhileItsJobRunsWaitsForTheJobThenStartsNeo4jAndResumesTheSchedules() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    cluster.podsGone("graph");
    awaitPhase("restore", RestorePhase.Restoring);

    client.resources(Neo4jRestore.class).inNamespace(NAMESPACE).withName("restore").delete();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> restore("restore") != null && replicas("graph") == 0);

    cluster.finishJob(cluster.job("restore"), 0, golden("restore-succeeded.json"));
    await().atMost(TIMEOUT).until(() -> restore("restore") == null);
    assertThat(replicas("graph")).isEqualTo(1);
    assertThat(suspended("graph-nightly")).isFalse();
  }

  @Test
  void aWaitForNeo4jsPodsNeverGivesUpButSaysSoOnceItHasLastedTenMinutes() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 0);

    skew = Duration.ofMinutes(11); // pod graph-0 is stuck terminating
    io.neo4jbackup.api.v1alpha1.RestoreCondition stalled =
        await()
            .atMost(TIMEOUT)
            .ignoreExceptions()
            .until(
                () -> condition(restore("restore").getStatus(), RestoreConditionType.Stalled),
                condition -> condition != null && condition.getStatus() == ConditionStatus.True);
    assertThat(stalled.getReason()).isEqualTo(RestoreConditionReason.Stopping);
    assertThat(stalled.getMessage())
        .contains("to stop", "for 11 minutes", "keeps waiting", "kubectl describe pod graph-0");
    assertThat(awaitEvent("restore", "RestoreStalled").getType()).isEqualTo("Warning");
    assertThat(restore("restore").getStatus().getPhase()).isEqualTo(RestorePhase.Stopping);

    cluster.podsGone("graph");
    awaitPhase("restore", RestorePhase.Restoring);
    assertThat(condition(restore("restore").getStatus(), RestoreConditionType.Stalled).getStatus())
        .as("the wait it reported is over")
        .isEqualTo(ConditionStatus.False);
  }

  @Test
  void aRestoreDeletedWhileNeo4jStopsStartsItAgain() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 0);

    client.resources(Neo4jRestore.class).inNamespace(NAMESPACE).withName("restore").delete();

    await().atMost(TIMEOUT).until(() -> restore("restore") == null);
    assertThat(replicas("graph")).isEqualTo(1);
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(cluster.job("restore")).isNull();
  }

  @Test
  void aSpecChangedOnceTheJobRunsIsIgnoredAndSaysSo() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    cluster.podsGone("graph");
    awaitPhase("restore", RestorePhase.Restoring);

    client
        .resources(Neo4jRestore.class)
        .inNamespace(NAMESPACE)
        .withName("restore")
        .edit(
            restore -> {
              restore.getSpec().setVerify(true);
              return restore;
            });

    await()
        .atMost(TIMEOUT)
        .until(
            () -> restore("restore").getStatus().getConditions(),
            conditions ->
                conditions.stream().anyMatch(c -> c.getType() == RestoreConditionType.SpecChanged));
    awaitEvent("restore", "SpecChangeIgnored");
    cluster.finishJob(cluster.job("restore"), 0, golden("restore-succeeded.json"));
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);
    cluster.ready("graph");
    awaitPhase("restore", RestorePhase.Succeeded);
  }

  @Test
  void aSpecChangedBeforeTheJobExistsFailsTheRestoreAndStartsNeo4jAgain() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 0);

    client
        .resources(Neo4jRestore.class)
        .inNamespace(NAMESPACE)
        .withName("restore")
        .edit(
            restore -> {
              restore.getSpec().getSource().setBackup("weekly");
              return restore;
            });

    Neo4jRestoreStatus starting = awaitPhase("restore", RestorePhase.Starting);
    assertThat(starting.getFailureReason()).isEqualTo(RestoreFailureReason.SpecChanged);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);
    cluster.ready("graph");
    Neo4jRestoreStatus failed = awaitPhase("restore", RestorePhase.Failed);
    assertThat(failed.getFailureMessage()).contains("create a new Neo4jRestore");
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(cluster.job("restore")).isNull();
  }

  @Test
  void aRestoreJobDeletedBeforeItsResultFailsAsPodLostAndStartsNeo4jAgain() {
    create("restore", source -> source.setBackup("nightly"));
    awaitPhase("restore", RestorePhase.Stopping);
    cluster.podsGone("graph");
    awaitPhase("restore", RestorePhase.Restoring);

    client.batch().v1().jobs().inNamespace(NAMESPACE).withName("restore").delete();

    Neo4jRestoreStatus starting = awaitPhase("restore", RestorePhase.Starting);
    assertThat(starting.getFailureReason()).isEqualTo(RestoreFailureReason.PodLost);
    await().atMost(TIMEOUT).until(() -> replicas("graph") == 1);
    cluster.ready("graph");
    awaitPhase("restore", RestorePhase.Failed);
    assertThat(suspended("graph-nightly")).isFalse();
  }

  // ---- refusals: nothing is stopped, no Job is created ----

  @Test
  void aMissingBackupIsRefused() {
    assertRefused(
        create("restore", source -> source.setBackup("missing")),
        RestoreFailureReason.SourceNotFound,
        "Neo4jBackup missing");
  }

  @Test
  void aBackupThatDidNotSucceedIsRefused() {
    assertRefused(
        create("restore", source -> source.setBackup("broken")),
        RestoreFailureReason.SourceNotReady,
        "is Failed, not Succeeded");
  }

  @Test
  void aMissingClaimIsRefused() {
    assertRefused(
        create(
            "restore",
            source -> {
              source.setClaimName("nowhere");
              source.setPath("neo4j/prod");
            }),
        RestoreFailureReason.SourceNotFound,
        "nowhere");
  }

  @Test
  void aBackupStillWritingIntoTheChainIsRefused() {
    // The operator runs it: a Job, which nobody finishes, keeps it Running.
    restartOperatorWhile(() -> backup("tonight", "neo4j/weekly", BackupPhase.Running));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NAMESPACE).withName("tonight").get()
                    != null);
    assertRefused(
        create("restore", source -> source.setBackup("weekly")),
        RestoreFailureReason.SourceBusy,
        "Neo4jBackup tonight is still writing");
  }

  @Test
  void aMissingStatefulSetIsRefused() {
    assertRefused(
        create("restore", source -> source.setBackup("nightly"), "nosuchset"),
        RestoreFailureReason.TargetNotFound,
        "StatefulSet nosuchset");
  }

  @Test
  void aStatefulSetOfSeveralReplicasIsRefusedAsNeo4jCommunityDoesNotCluster() {
    cluster.neo4j("big", 3);
    assertRefused(
        create("restore", source -> source.setBackup("nightly"), "big"),
        RestoreFailureReason.UnsupportedTarget,
        "Only a StatefulSet of one replica");
    assertThat(replicas("big")).isEqualTo(3);
  }

  @Test
  void aStatefulSetWithoutADataClaimTemplateIsRefusedSayingWhatIsSupported() {
    var statefulSet = cluster.neo4j("odd", 1);
    client
        .apps()
        .statefulSets()
        .inNamespace(NAMESPACE)
        .withName("odd")
        .edit(
            set -> {
              set.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getVolumeMounts()
                  .forEach(mount -> mount.setMountPath("/var/lib/neo4j/" + mount.getSubPath()));
              return set;
            });
    assertRefused(
        create("restore", source -> source.setBackup("nightly"), "odd"),
        RestoreFailureReason.UnsupportedTarget,
        "Supported: Neo4j's data directory from one volumeClaimTemplate or one PersistentVolumeClaim volume mounted at /data");
    assertThat(statefulSet).isNotNull();
  }

  @Test
  void aSecondRestoreOfTheSameStatefulSetIsRefusedWhileTheFirstRuns() {
    create("first", source -> source.setBackup("nightly"));
    awaitPhase("first", RestorePhase.Stopping);
    Neo4jRestoreStatus second =
        awaitPhase(
            create("second", source -> source.setBackup("nightly")).getMetadata().getName(),
            RestorePhase.Failed);
    assertThat(second.getFailureReason()).isEqualTo(RestoreFailureReason.TargetBusy);
    assertThat(second.getFailureMessage()).contains("Neo4jRestore first");
    assertThat(second.getReplicas()).as("never went through Stopping").isNull();
  }

  @Test
  void untilAndUntilTransactionTogetherAreRefused() {
    assertRefused(
        create(
            "restore",
            source -> {
              source.setBackup("nightly");
              source.setUntil("2026-12-05T14:04:59Z");
              source.setUntilTransaction(1000L);
            }),
        RestoreFailureReason.InvalidSpec,
        "until or untilTransaction, not both");
  }

  @Test
  void anUntilThatIsNoInstantIsRefused() {
    assertRefused(
        create(
            "restore",
            source -> {
              source.setBackup("nightly");
              source.setUntil("yesterday");
            }),
        RestoreFailureReason.InvalidSpec,
        "'yesterday' is not an RFC 3339 instant");
  }

  private void assertRefused(Neo4jRestore restore, RestoreFailureReason reason, String message) {
    Neo4jRestoreStatus failed = awaitPhase(restore.getMetadata().getName(), RestorePhase.Failed);
    assertThat(failed.getFailureReason()).isEqualTo(reason);
    assertThat(failed.getFailureMessage()).contains(message);
    assertThat(failed.getStoppingTime()).isNull();
    assertThat(replicas("graph")).isEqualTo(1);
    assertThat(suspended("graph-nightly")).isFalse();
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withLabel(RestoreJob.RESTORE_LABEL)
                .list()
                .getItems())
        .isEmpty();
    assertThat(awaitEvent(restore.getMetadata().getName(), "RestoreFailed").getMessage())
        .contains(reason.name());
  }

  // ---- the cluster ----

  private void startOperator() {
    operator = Main.operator(client, CONFIG, new SimpleMeterRegistry(), clock);
    operator.start();
  }

  /** Stops the operator, runs {@code meanwhile}, and starts a new one. */
  private void restartOperatorWhile(Runnable meanwhile) {
    operator.stop();
    meanwhile.run();
    startOperator();
  }

  private Neo4jRestore create(String name, Consumer<RestoreSource> source) {
    return create(name, source, "graph");
  }

  private Neo4jRestore create(String name, Consumer<RestoreSource> source, String statefulSet) {
    Neo4jRestore restore = new Neo4jRestore();
    restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    Neo4jRestoreSpec spec = new Neo4jRestoreSpec();
    spec.setSource(new RestoreSource());
    source.accept(spec.getSource());
    spec.setTarget(new RestoreTarget());
    spec.getTarget().setStatefulSet(statefulSet);
    restore.setSpec(spec);
    return client.resource(restore).create();
  }

  private void backup(String name, String path, BackupPhase phase) {
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://graph:6362");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath(path);
    spec.setTarget(target);
    backup.setSpec(spec);
    Neo4jBackup created = client.resource(backup).create();
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(phase);
    created.setStatus(status);
    client.resource(created).updateStatus();
  }

  private void schedule(String name, String from, String claim, boolean suspend) {
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule("30 2 * * *");
    spec.setSuspend(suspend);
    BackupTemplate template = new BackupTemplate();
    BackupTemplateSpec templateSpec = new BackupTemplateSpec();
    templateSpec.setFrom(from);
    Target target = new Target();
    target.setClaimName(claim);
    target.setPath("neo4j/" + name);
    templateSpec.setTarget(target);
    template.setSpec(templateSpec);
    spec.setBackupTemplate(template);
    schedule.setSpec(spec);
    client.resource(schedule).create();
  }

  /** The restore time a Neo4jRestore marked {@code schedule} with, if any. */
  private String restoredAt(String schedule) {
    var annotations =
        client
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(NAMESPACE)
            .withName(schedule)
            .get()
            .getMetadata()
            .getAnnotations();
    return annotations == null ? null : annotations.get(ChainPlanner.RESTORED_AT);
  }

  private boolean suspended(String schedule) {
    return Boolean.TRUE.equals(
        client
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(NAMESPACE)
            .withName(schedule)
            .get()
            .getSpec()
            .getSuspend());
  }

  private int replicas(String statefulSet) {
    return cluster.statefulSet(statefulSet).getSpec().getReplicas();
  }

  private Neo4jRestore restore(String name) {
    return client.resources(Neo4jRestore.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private Neo4jRestoreStatus awaitPhase(String name, RestorePhase phase) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> restore(name).getStatus(),
            status -> status != null && status.getPhase() == phase);
  }

  private List<Event> events(String name, String reason) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Neo4jRestore".equals(e.getInvolvedObject().getKind()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private Event awaitEvent(String name, String reason) {
    return await().atMost(TIMEOUT).until(() -> events(name, reason), e -> !e.isEmpty()).get(0);
  }

  private static io.neo4jbackup.api.v1alpha1.RestoreCondition condition(
      Neo4jRestoreStatus status, RestoreConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  /** The engine's own line, as its tests wrote it (engine/contract/golden/). */
  private static String golden(String name) {
    try {
      return Files.readString(Path.of("../engine/contract/golden", name)).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.SharedSecretReference;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.TlsSettings;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.TestingApi;
import io.neo4jbackup.operator.job.BackupJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator against a real kube-apiserver 1.20.2 with the committed CRDs, which validates what
 * the mock server does not: the Job the operator builds (security contexts, volumes, the target
 * annotation), the status it writes (against the CRD's schema, on the status subresource) and its
 * Events. Nothing runs pods here either: the test writes the pod's and the Job's status.
 */
class Neo4jBackupApiServerIT {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static KubeAPIServer server;
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    server = TestingApi.startApiServer();
    client = TestingApi.clientWithCrds(server, TIMEOUT);
    TestingApi.createNamespace(client, NAMESPACE);
    // No controller-manager here: the service account its controller would create.
    client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(NAMESPACE)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("backups")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    operator =
        Main.operator(client, TestingOperator.CONFIG, new SimpleMeterRegistry(), Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aBackupRunsInAJobTheApiServerAcceptsAndItsResultIsAValidStatus() {
    Neo4jBackup backup = client.resource(backup("nightly")).create();

    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName("nightly").get(),
                java.util.Objects::nonNull);
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroupChangePolicy())
        .isEqualTo("OnRootMismatch");
    await().atMost(TIMEOUT).until(() -> phase("nightly") == BackupPhase.Running);

    Pod pod = startPod(job);
    terminate(
        pod,
        "{\"status\":\"succeeded\",\"result\":{\"mode\":\"FULL\",\"target\":\"/backup/neo4j/prod\","
            + "\"database\":\"neo4j\",\"storeId\":\"store-1\",\"member\":\"neo4j.graph.svc.cluster.local:6362\","
            + "\"firstTxId\":1,\"lastTxId\":42,\"bytes\":1000,\"files\":30,\"duration\":\"PT3S\","
            + "\"verified\":true,\"verification\":\"consistent\","
            + "\"window\":{\"firstTxId\":42,\"firstTime\":\"2026-01-05T01:30:00.123Z\","
            + "\"lastTxId\":42,\"lastTime\":\"2026-01-05T01:30:00.123Z\"}}}");
    complete(job);

    await().atMost(TIMEOUT).until(() -> phase("nightly") == BackupPhase.Succeeded);
    Neo4jBackupStatus status =
        client
            .resources(Neo4jBackup.class)
            .inNamespace(NAMESPACE)
            .withName("nightly")
            .get()
            .getStatus();
    assertThat(status.getMode()).isEqualTo(BackupMode.Full);
    assertThat(status.getLastTransactionId()).isEqualTo(42);
    // The recovery window: fields the CRD keeps (an unknown one the API server would drop).
    assertThat(status.getFirstRecoverableTxId()).isEqualTo(42);
    assertThat(status.getFirstRecoverableTime()).isEqualTo("2026-01-05T01:30:00.123Z");
    assertThat(status.getLastRecoverableTxId()).isEqualTo(42);
    assertThat(status.getLastRecoverableTime()).isEqualTo("2026-01-05T01:30:00.123Z");
    assertThat(status.getConditions()).hasSize(2);
    assertThat(status.getObservedGeneration()).isEqualTo(backup.getMetadata().getGeneration());
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .map(event -> event.getReason())
                    .toList(),
            reasons -> reasons.containsAll(List.of("BackupStarted", "BackupSucceeded")));
  }

  /**
   * A manifest written for an older version of the API, naming its own engine image and service
   * account: the API server drops both (they are no longer in the schema), and the Job runs the
   * operator's image as the operator's service account (here the namespace's default).
   */
  @Test
  void aBackupCannotChooseItsImageOrServiceAccount() {
    String manifest =
        """
        apiVersion: neo4jbackup.io/v1alpha1
        kind: Neo4jBackup
        metadata: {name: escalating, namespace: graph}
        spec:
          from: single://neo4j
          target: {claimName: backups, path: neo4j/escalating}
          job:
            image: attacker.example/anything:latest
            serviceAccountName: cluster-admin
            nodeSelector: {disk: backups}
        """;
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    manifest, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .create();

    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client.batch().v1().jobs().inNamespace(NAMESPACE).withName("escalating").get(),
                java.util.Objects::nonNull);
    var pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getImage())
        .isEqualTo(TestingOperator.CONFIG.engineImage());
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getNodeSelector()).containsEntry("disk", "backups");
    assertThat(
            client
                .genericKubernetesResources("neo4jbackup.io/v1alpha1", "Neo4jBackup")
                .inNamespace(NAMESPACE)
                .withName("escalating")
                .get()
                .<java.util.Map<String, Object>>get("spec", "job"))
        .containsOnlyKeys("nodeSelector", "backoffLimit", "activeDeadlineSeconds");
  }

  @Test
  void aBackupThatFailsGetsAValidFailedStatus() {
    client.resource(backup("broken")).create();
    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName("broken").get(),
                java.util.Objects::nonNull);

    client.resource(job).delete();

    await().atMost(TIMEOUT).until(() -> phase("broken") == BackupPhase.Failed);
    assertThat(
            client
                .resources(Neo4jBackup.class)
                .inNamespace(NAMESPACE)
                .withName("broken")
                .get()
                .getStatus()
                .getFailureMessage())
        .contains("was deleted");
  }

  private static Neo4jBackup backup(String name) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("ha://neo4j-0.neo4j,neo4j-1.neo4j");
    spec.setVerify(VerifySpec.of(true));
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath(name.equals("nightly") ? "neo4j/prod" : "neo4j/" + name);
    spec.setTarget(target);
    TlsSettings tls = new TlsSettings();
    tls.setSecretName("neo4j-backup-tls");
    spec.setTls(tls);
    SharedSecretReference secret = new SharedSecretReference();
    secret.setSecretName("neo4j-backup-auth");
    spec.setSharedSecret(secret);
    JobSettings settings = new JobSettings();
    settings.setPodLabels(Map.of("team", "graph"));
    spec.setJob(settings);
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    backup.setSpec(spec);
    return backup;
  }

  private static BackupPhase phase(String name) {
    Neo4jBackup backup =
        client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get();
    return backup.getStatus() == null ? null : backup.getStatus().getPhase();
  }

  private static Pod startPod(Job job) {
    return client
        .resource(
            TestingCluster.podOf(
                job,
                job.getMetadata().getName() + "-abcde",
                job.getSpec().getTemplate().getMetadata().getLabels()))
        .create();
  }

  private static void terminate(Pod pod, String message) {
    Pod ended =
        new PodBuilder(pod)
            .withNewStatus()
            .withPhase("Succeeded")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(0)
                    .withReason("Completed")
                    .withMessage(message)
                    .withStartedAt(now())
                    .withFinishedAt(now())
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.resource(ended).updateStatus();
  }

  private static void complete(Job job) {
    Job current = client.resource(job).get();
    client
        .resource(
            new JobBuilder(current)
                .withNewStatus()
                .withStartTime(now())
                .withCompletionTime(now())
                .withSucceeded(1)
                .addNewCondition()
                .withType("Complete")
                .withStatus("True")
                .withLastProbeTime(now())
                .withLastTransitionTime(now())
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

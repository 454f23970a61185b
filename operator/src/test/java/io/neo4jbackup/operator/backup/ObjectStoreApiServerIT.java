package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.CaBundleReference;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.TestingApi;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.ObjectStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Neo4jBackup to an object store against a real kube-apiserver 1.20.2 with the committed CRDs:
 * the CRD keeps every objectStore field and refuses what its schema forbids, the API server accepts
 * the Job the operator builds (env from Secrets, ConfigMap and Secret volumes, the work emptyDir
 * with its size limit), and the status with the chain's location is valid.
 */
class ObjectStoreApiServerIT {

  private static final String NAMESPACE = "s3";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CHAIN = "s3://backups/neo4j/prod/chain-20260105T013000.123Z";

  private static KubeAPIServer server;
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    server = TestingApi.startApiServer();
    client = TestingApi.clientWithCrds(server, TIMEOUT);
    TestingApi.createNamespace(client, NAMESPACE);
    client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
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
  void theCrdKeepsEveryFieldAndTheApiServerAcceptsTheJobAndTheStatusWithTheChain() {
    ObjectStoreSpec objectStore = ObjectStores.full();
    Neo4jBackup stored = client.resource(backup("nightly", objectStore, null)).create();
    assertThat(stored.getSpec().getTarget().getObjectStore())
        .usingRecursiveComparison()
        .isEqualTo(objectStore);

    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName("nightly").get(),
                Objects::nonNull);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).hasSize(3);
    await().atMost(TIMEOUT).until(() -> phase("nightly") == BackupPhase.Running);

    terminate(
        startPod(job),
        "{\"status\":\"succeeded\",\"result\":{\"mode\":\"FULL\",\"target\":\""
            + CHAIN
            + "\",\"database\":\"neo4j\",\"storeId\":\"store-1\","
            + "\"member\":\"neo4j.s3.svc.cluster.local:6362\",\"firstTxId\":1,\"lastTxId\":42,"
            + "\"bytes\":1000,\"files\":30,\"duration\":\"PT3S\"}}");
    complete(job);

    await().atMost(TIMEOUT).until(() -> phase("nightly") == BackupPhase.Succeeded);
    assertThat(status("nightly").getObjectStoreUri()).isEqualTo(CHAIN);
  }

  @Test
  void bothTargetFormsAreRefusedByTheOperatorWhereTheServerHasNoCelRules() {
    // Kubernetes 1.20 has no x-kubernetes-validations: the operator's own check answers.
    Neo4jBackup both = backup("both", ObjectStores.minimal(), null);
    both.getSpec().getTarget().setClaimName("backups");
    both.getSpec().getTarget().setPath("neo4j/prod");
    client.resource(both).create();

    await().atMost(TIMEOUT).until(() -> phase("both") == BackupPhase.Failed);
    assertThat(status("both").getFailureReason()).isEqualTo(FailureReason.InvalidSpec);
    assertThat(status("both").getFailureMessage())
        .startsWith("spec.target gives both objectStore and claimName/path");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a bucket is named as S3 names buckets | bucket: Backups_1                | spec.target.objectStore.bucket
          a bucket has 3 characters at least    | bucket: ab                       | spec.target.objectStore.bucket
          the bucket is required                | prefix: neo4j                    | spec.target.objectStore.bucket
          a prefix has no leading slash         | bucket: b01, prefix: /neo4j      | spec.target.objectStore.prefix
          a prefix has no '..'                  | bucket: b01, prefix: 'a/../b'    | spec.target.objectStore.prefix
          the endpoint is an http(s) URL        | bucket: b01, endpoint: 's3:9000' | spec.target.objectStore.endpoint
          compression is None, Zstd or Lz4      | bucket: b01, compression: Gzip   | spec.target.objectStore.compression
          credentials name their Secret         | bucket: b01, credentials: {}     | spec.target.objectStore.credentials.secretName
          """)
  void theCrdRefusesAnInvalidObjectStoreNamingTheField(String rule, String fields, String field) {
    String manifest =
        "apiVersion: neo4jbackup.io/v1alpha1\nkind: Neo4jBackup\nmetadata: {name: invalid}\n"
            + "spec: {from: 'single://neo4j', target: {objectStore: {"
            + fields
            + "}}}\n";
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().unmarshal(manifest, GenericKubernetesResource.class);

    KubernetesClientException rejection =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> client.resource(resource).inNamespace(NAMESPACE).create());

    assertThat(rejection).as("the server accepted:%n%s", manifest).isNotNull();
    assertThat(rejection.getCode()).isEqualTo(422);
    assertThat(rejection.getStatus().getMessage()).contains(field);
  }

  @Test
  void aCaBundleFromASecretIsAcceptedToo() {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    // Another prefix: backups to the same one (the test above's) take turns.
    objectStore.setPrefix("neo4j/private");
    CaBundleReference ca = new CaBundleReference();
    ca.setSecretName("s3-ca");
    objectStore.setCaBundle(ca);
    client.resource(backup("private-ca", objectStore, null)).create();

    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client.batch().v1().jobs().inNamespace(NAMESPACE).withName("private-ca").get(),
                Objects::nonNull);
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("object-store-ca"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("s3-ca"));
  }

  private static Neo4jBackup backup(String name, ObjectStoreSpec objectStore, JobSettings job) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    spec.setTarget(ObjectStores.target(objectStore));
    spec.setJob(job);
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    backup.setSpec(spec);
    return backup;
  }

  private static Neo4jBackupStatus status(String name) {
    return client
        .resources(Neo4jBackup.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get()
        .getStatus();
  }

  private static BackupPhase phase(String name) {
    Neo4jBackupStatus status = status(name);
    return status == null ? null : status.getPhase();
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

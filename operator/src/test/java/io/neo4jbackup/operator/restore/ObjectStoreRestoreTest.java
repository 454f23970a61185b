package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.api.v1alpha1.RestoreTarget;
import io.neo4jbackup.api.v1alpha1.WorkVolume;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.ObjectStores;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Neo4jRestore from an object store, against a mock Kubernetes API: the restore Job downloads the
 * chain into its work volume and restores into Neo4j's data claim, with no backup claim; what
 * cannot work is refused before Neo4j is stopped.
 */
class ObjectStoreRestoreTest {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  private TestingNeo4jCluster cluster;
  private KubernetesClient client;
  private Operator operator;

  @BeforeEach
  void start() {
    cluster = new TestingNeo4jCluster(NAMESPACE);
    client = cluster.client();
    cluster.neo4j("graph", 1);
    operator = Main.operator(client, CONFIG, new SimpleMeterRegistry(), Clock.systemUTC());
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
  }

  @Test
  void restoresTheNamedChainThroughTheWorkVolumeIntoNeo4jsDataClaim() {
    create(
        source -> {
          source.setObjectStore(ObjectStores.full());
          source.setChain("chain-20260112T013000.123Z");
        });

    Neo4jRestoreStatus stopping = awaitPhase(RestorePhase.Stopping);
    String uri = "s3://backups/neo4j/prod/chain-20260112T013000.123Z";
    assertThat(stopping.getSource()).isEqualTo(uri);
    assertThat(stopping.getSourceUri()).isEqualTo(uri);
    assertThat(stopping.getSourceClaim()).isNull();
    cluster.podsGone("graph");
    awaitPhase(RestorePhase.Restoring);

    Job job = cluster.job("restore");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getCommand())
        .containsSubsequence(
            "restore",
            "-from",
            uri,
            "-to",
            "/data",
            "-endpoint",
            "https://s3proxy.storage:8443",
            "-work",
            "/work",
            "-ca-bundle",
            "/etc/neo4j-backup/object-store/ca/ca.crt",
            "-encryption-key-file",
            "/etc/neo4j-backup/object-store/encryption/key",
            "-json")
        .doesNotContain("-compression");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .doesNotContain("target")
        .contains("work", "data", "object-store-ca", "encryption-key");
    assertThat(container.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains("/work", "/data")
        .doesNotContain("/backup");
  }

  @Test
  void withoutAChainTheNewestCompleteChainBelowThePrefixIsRestored() {
    create(source -> source.setObjectStore(ObjectStores.minimal()));

    assertThat(awaitPhase(RestorePhase.Stopping).getSourceUri())
        .isEqualTo("s3://backups/neo4j/prod");
  }

  @Test
  void aMissingWorkClaimIsRefusedBeforeNeo4jIsStopped() {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    WorkVolume work = new WorkVolume();
    work.setClaimName("restore-work");
    objectStore.setWorkVolume(work);
    create(source -> source.setObjectStore(objectStore));

    Neo4jRestoreStatus failed = awaitPhase(RestorePhase.Failed);
    assertThat(failed.getFailureReason()).isEqualTo(RestoreFailureReason.SourceNotFound);
    assertThat(failed.getFailureMessage()).contains("restore-work");
    assertThat(failed.getStoppingTime()).isNull();
  }

  @Test
  void aBackupThatWroteIntoAnObjectStoreIsRefusedNamingTheSourceToGiveInstead() {
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(
        new ObjectMetaBuilder().withName("nightly").withNamespace(NAMESPACE).build());
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://graph:6362");
    spec.setTarget(ObjectStores.target(ObjectStores.minimal()));
    backup.setSpec(spec);
    operator.stop();
    Neo4jBackup created = client.resource(backup).create();
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setObjectStoreUri("s3://backups/neo4j/prod/chain-20260112T013000.123Z");
    created.setStatus(status);
    client.resource(created).updateStatus();
    operator = Main.operator(client, CONFIG, new SimpleMeterRegistry(), Clock.systemUTC());
    operator.start();

    create(source -> source.setBackup("nightly"));

    Neo4jRestoreStatus failed = awaitPhase(RestorePhase.Failed);
    assertThat(failed.getFailureReason()).isEqualTo(RestoreFailureReason.InvalidSpec);
    assertThat(failed.getFailureMessage())
        .contains("spec.source.objectStore")
        .contains("spec.source.chain: chain-20260112T013000.123Z");
  }

  @Test
  void aChainWithoutAnObjectStoreIsRefused() {
    create(
        source -> {
          source.setClaimName("backups");
          source.setPath("neo4j/prod");
          source.setChain("chain-20260112T013000.123Z");
        });

    assertThat(awaitPhase(RestorePhase.Failed).getFailureMessage())
        .contains("spec.source.chain names a chain of spec.source.objectStore");
  }

  private void create(Consumer<RestoreSource> source) {
    Neo4jRestore restore = new Neo4jRestore();
    restore.setMetadata(
        new ObjectMetaBuilder().withName("restore").withNamespace(NAMESPACE).build());
    Neo4jRestoreSpec spec = new Neo4jRestoreSpec();
    spec.setSource(new RestoreSource());
    source.accept(spec.getSource());
    spec.setTarget(new RestoreTarget());
    spec.getTarget().setStatefulSet("graph");
    restore.setSpec(spec);
    client.resource(restore).create();
  }

  private Neo4jRestoreStatus awaitPhase(RestorePhase phase) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                    .resources(Neo4jRestore.class)
                    .inNamespace(NAMESPACE)
                    .withName("restore")
                    .get()
                    .getStatus(),
            status -> status != null && status.getPhase() == phase);
  }
}

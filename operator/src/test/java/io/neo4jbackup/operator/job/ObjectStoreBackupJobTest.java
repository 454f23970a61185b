package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.CaBundleReference;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.WorkVolume;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backup Job of a Neo4jBackup whose target is an object store. */
class ObjectStoreBackupJobTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup:0.1.0", "cluster.local");

  @Test
  void writesToTheBucketAndPrefixWithEveryOptionAsTheContractSpellsIt() {
    Container container = container(job(ObjectStores.full(), spec -> {}));

    assertThat(container.getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            EngineCommand.SCRIPT,
            "neo4j-backup",
            "-from",
            "single://neo4j.db.svc.cluster.local:6362",
            "-to",
            "s3://backups/neo4j/prod",
            "-database",
            "neo4j",
            "-endpoint",
            "https://s3proxy.storage:8443",
            "-region",
            "us-east-1",
            "-path-style",
            "-work",
            "/work",
            "-ca-bundle",
            "/etc/neo4j-backup/object-store/ca/ca.crt",
            "-encryption-key-file",
            "/etc/neo4j-backup/object-store/encryption/key",
            "-compression",
            "zstd",
            "-json");
  }

  @Test
  void takesCredentialsFromTheSecretAsEnvironmentVariablesAndNeverAsArguments() {
    Container container = container(job(ObjectStores.full(), spec -> {}));

    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    for (EnvVar env : container.getEnv()) {
      assertThat(env.getValue()).isNull();
      assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-credentials");
      assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(env.getName());
    }
    assertThat(container.getEnv().get(0).getValueFrom().getSecretKeyRef().getOptional()).isNull();
    assertThat(container.getEnv().get(2).getValueFrom().getSecretKeyRef().getOptional()).isTrue();
    assertThat(String.join(" ", container.getCommand()))
        .doesNotContain("s3-credentials")
        .doesNotContain("AWS_");
  }

  @Test
  void withoutCredentialsThePodUsesItsOwnIdentityAndNoEnvironmentIsSet() {
    Container container = container(job(ObjectStores.minimal(), spec -> {}));

    assertThat(container.getEnv()).isNullOrEmpty();
    assertThat(container.getCommand())
        .containsSubsequence("-to", "s3://backups/neo4j/prod", "-work", "/work", "-json")
        .doesNotContain("-endpoint", "-region", "-path-style", "-ca-bundle");
  }

  @Test
  void mountsNoClaimButTheWorkVolumeAndTheCaAndKeyReadOnly() {
    Job job = job(ObjectStores.full(), spec -> {});
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = container(job);

    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("target");
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("tmp", "work", "object-store-ca", "encryption-key");
    assertThat(volume(pod, "work").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("20Gi"));
    Volume ca = volume(pod, "object-store-ca");
    assertThat(ca.getConfigMap().getName()).isEqualTo("s3-ca");
    assertThat(ca.getConfigMap().getItems())
        .singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("bundle.pem"))
        .satisfies(item -> assertThat(item.getPath()).isEqualTo("ca.crt"));
    Volume key = volume(pod, "encryption-key");
    assertThat(key.getSecret().getSecretName()).isEqualTo("backup-key");
    assertThat(key.getSecret().getItems())
        .singleElement()
        .satisfies(item -> assertThat(item.getKey()).isEqualTo("key"));
    assertThat(key.getSecret().getDefaultMode()).isEqualTo(0440);

    assertThat(mount(container, "work").getMountPath()).isEqualTo(ObjectStoreAccess.WORK);
    assertThat(mount(container, "work").getReadOnly()).isNull();
    assertThat(mount(container, "object-store-ca").getMountPath())
        .isEqualTo("/etc/neo4j-backup/object-store/ca");
    assertThat(mount(container, "object-store-ca").getReadOnly()).isTrue();
    assertThat(mount(container, "encryption-key").getMountPath())
        .isEqualTo("/etc/neo4j-backup/object-store/encryption");
    assertThat(mount(container, "encryption-key").getReadOnly()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void aCaBundleInASecretIsMountedFromTheSecretWithTheDefaultKey() {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    CaBundleReference ca = new CaBundleReference();
    ca.setSecretName("s3-ca");
    objectStore.setCaBundle(ca);
    PodSpec pod = job(objectStore, spec -> {}).getSpec().getTemplate().getSpec();

    assertThat(volume(pod, "object-store-ca").getSecret().getSecretName()).isEqualTo("s3-ca");
    assertThat(volume(pod, "object-store-ca").getSecret().getItems().get(0).getKey())
        .isEqualTo("ca.crt");
  }

  @Test
  void aWorkClaimReplacesTheEmptyDirSoThatARerunResumes() {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    WorkVolume work = new WorkVolume();
    work.setClaimName("neo4j-backup-work");
    objectStore.setWorkVolume(work);
    PodSpec pod = job(objectStore, spec -> {}).getSpec().getTemplate().getSpec();

    assertThat(volume(pod, "work").getEmptyDir()).isNull();
    assertThat(volume(pod, "work").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("neo4j-backup-work");
  }

  @Test
  void anIncrementalIntoAPrefixNamingAChainContinuesExactlyThatChain() {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    objectStore.setPrefix("neo4j/prod/chain-20260112T013000.123Z");
    Container container = container(job(objectStore, spec -> spec.setMode(BackupMode.Incremental)));

    assertThat(container.getCommand())
        .containsSubsequence(
            "-incremental", "-to", "s3://backups/neo4j/prod/chain-20260112T013000.123Z");
  }

  @Test
  void isAnnotatedWithItsLocationSoThatBackupsToTheSameOrNestedPrefixesTakeTurns() {
    Job job = job(ObjectStores.minimal(), spec -> {});

    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(BackupJob.TARGET_ANNOTATION, "s3://backups/neo4j/prod");
    assertThat(TargetPath.parse("s3://backups/neo4j/prod"))
        .contains(TargetPath.of(new ObjectStoreLocation("backups", "neo4j/prod")));
  }

  @Test
  void runsAsTheOperatorsEngineServiceAccountWithoutItsTokenForWorkloadIdentity() {
    PodSpec pod = job(ObjectStores.minimal(), spec -> {}).getSpec().getTemplate().getSpec();

    assertThat(pod.getServiceAccountName()).isEqualTo(CONFIG.engineServiceAccount());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          both     | spec.target gives both objectStore and claimName/path
          neither  | spec.target needs either claimName and path
          slash    | spec.target.objectStore.prefix 'neo4j/prod/' is not usable: it starts or ends with a slash
          dotdot   | spec.target.objectStore.prefix 'neo4j/../prod' is not usable: '..' segments
          double   | spec.target.objectStore.prefix 'neo4j//prod' is not usable: it has an empty segment
          chain    | spec.target.objectStore.prefix 'neo4j/chain-20260112T013000.123Z' names one chain, which only mode Incremental continues
          replace  | spec.replace is true with an objectStore target
          caBoth   | spec.target.objectStore.caBundle needs either secretName or configMapName
          workBoth | spec.target.objectStore.workVolume gives both sizeLimit and claimName
          """)
  void refusesWhatItCannotRunNamingTheField(String what, String message) {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    Consumer<Neo4jBackupSpec> change =
        switch (what) {
          case "both" -> spec -> spec.getTarget().setClaimName("backups");
          case "neither" -> spec -> spec.getTarget().setObjectStore(null);
          case "slash" -> spec -> objectStore.setPrefix("neo4j/prod/");
          case "dotdot" -> spec -> objectStore.setPrefix("neo4j/../prod");
          case "double" -> spec -> objectStore.setPrefix("neo4j//prod");
          case "chain" -> spec -> objectStore.setPrefix("neo4j/chain-20260112T013000.123Z");
          case "replace" ->
              spec -> {
                spec.setMode(BackupMode.Full);
                spec.setReplace(true);
              };
          case "caBoth" ->
              spec -> {
                CaBundleReference ca = new CaBundleReference();
                ca.setSecretName("a");
                ca.setConfigMapName("b");
                objectStore.setCaBundle(ca);
              };
          case "workBoth" ->
              spec -> {
                WorkVolume work = new WorkVolume();
                work.setSizeLimit(new Quantity("1Gi"));
                work.setClaimName("work");
                objectStore.setWorkVolume(work);
              };
          default -> throw new IllegalArgumentException(what);
        };

    assertThatThrownBy(() -> job(objectStore, change))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(message);
  }

  private static Job job(ObjectStoreSpec objectStore, Consumer<Neo4jBackupSpec> change) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    spec.setTarget(ObjectStores.target(objectStore));
    change.accept(spec);
    Neo4jBackup backup = new Neo4jBackup();
    backup.getMetadata().setName("nightly-1");
    backup.getMetadata().setNamespace("db");
    backup.getMetadata().setUid("uid-nightly-1");
    backup.setSpec(spec);
    return BackupJob.desired(backup, CONFIG);
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static VolumeMount mount(Container container, String name) {
    List<VolumeMount> mounts = container.getVolumeMounts();
    return mounts.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
  }
}

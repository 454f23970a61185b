package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.api.v1alpha1.RestoreTarget;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The restore Job, built from a Neo4jRestore and the claims it resolved, without I/O. */
class RestoreJobTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");
  private static final RestoreJob.Claims CLAIMS =
      new RestoreJob.Claims("backups", "neo4j/prod", "data-graph-0", "data");

  @Test
  void runsTheEnginesRestoreThroughTheWrapperWithAJsonResult() {
    Container container = container(restore(spec -> {}));

    assertThat(container.getImage()).isEqualTo("local/neo4j-backup-engine:0.1.0");
    assertThat(container.getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            EngineCommand.SCRIPT,
            "neo4j-backup",
            "restore",
            "-from",
            "/backup/neo4j/prod",
            "-to",
            "/data",
            "-json");
    assertThat(container.getName()).isEqualTo(RestoreJob.CONTAINER);
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
  }

  @Test
  void passesThePointTheDatabaseVerificationAndWhetherToKeepThePreviousFolders() {
    assertThat(
            container(
                    restore(
                        spec -> {
                          spec.getSource().setUntil("2026-12-05T15:04:59+01:00");
                          spec.getTarget().setDatabase("Sales");
                          spec.getTarget().setKeepPrevious(false);
                          spec.setVerify(true);
                        }))
                .getCommand())
        .containsSequence(
            "-database",
            "sales",
            "-until-time",
            "2026-12-05T14:04:59Z",
            "-verify",
            "-no-keep-previous",
            "-json");
    assertThat(container(restore(spec -> spec.getSource().setUntilTransaction(1000L))).getCommand())
        .containsSequence("-until-tx", "1000");
  }

  @Test
  void mountsTheBackupReadOnlyAndNeo4jsDataClaimWithItsSubPath() {
    Job job = RestoreJob.desired(restore(spec -> {}), CLAIMS, CONFIG);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getVolumes())
        .filteredOn(volume -> volume.getPersistentVolumeClaim() != null)
        .extracting(
            volume ->
                volume.getPersistentVolumeClaim().getClaimName()
                    + ":"
                    + volume.getPersistentVolumeClaim().getReadOnly())
        .containsExactlyInAnyOrder("backups:true", "data-graph-0:null");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath() + ":" + m.getSubPath() + ":" + m.getReadOnly())
        .containsExactlyInAnyOrder("/backup:null:true", "/tmp:null:null", "/data:data:null");
  }

  @Test
  void itsPodSaysWhichBackupDirectoryItReadsSoThatBackupsIntoItWait() {
    Job job = RestoreJob.desired(restore(spec -> {}), CLAIMS, CONFIG);
    var metadata = job.getSpec().getTemplate().getMetadata();

    assertThat(metadata.getLabels()).containsEntry(BackupJob.READER_LABEL, "true");
    assertThat(metadata.getAnnotations())
        .containsEntry(BackupJob.READS_ANNOTATION, "backups:/backup/neo4j/prod");
  }

  @Test
  void runsAsTheOperatorSaysNeverRetriedOwnedByTheRestore() {
    Job job =
        RestoreJob.desired(
            restore(
                spec -> {
                  spec.setJob(new JobSettings());
                  spec.getJob().setActiveDeadlineSeconds(600L);
                  spec.getJob().setBackoffLimit(5);
                }),
            CLAIMS,
            CONFIG);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("Neo4jRestore"));
    assertThat(job.getMetadata().getLabels()).containsEntry(RestoreJob.RESTORE_LABEL, "restore");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    assertThat(pod.getContainers().get(0).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void refusesAnUntilThatIsNoInstantAndAPathThatLeavesTheClaim() {
    assertThatThrownBy(
            () -> RestoreJob.arguments(restore(s -> s.getSource().setUntil("May")).getSpec(), "a"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.source.until");
    assertThatThrownBy(() -> RestoreJob.arguments(restore(s -> {}).getSpec(), "../etc"))
        .isInstanceOf(InvalidSpecException.class);
  }

  private static Container container(Neo4jRestore restore) {
    return RestoreJob.desired(restore, CLAIMS, CONFIG)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Neo4jRestore restore(Consumer<Neo4jRestoreSpec> settings) {
    Neo4jRestore restore = new Neo4jRestore();
    restore.setMetadata(
        new ObjectMetaBuilder().withName("restore").withNamespace("graph").withUid("u-1").build());
    Neo4jRestoreSpec spec = new Neo4jRestoreSpec();
    spec.setSource(new RestoreSource());
    spec.getSource().setBackup("nightly");
    spec.setTarget(new RestoreTarget());
    spec.getTarget().setStatefulSet("graph");
    settings.accept(spec);
    restore.setSpec(spec);
    return restore;
  }
}

package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ImagePullPolicy;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.TlsSettings;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both engine Jobs, a backup's and a chain deletion's, run one pod template. */
class EnginePodTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig(
          "registry.example/engine:1",
          "IfNotPresent",
          "neo4j-backup",
          null,
          null,
          Set.of(),
          "cluster.local",
          8080);

  @Test
  void aChainDeletionRunsWhereAndAsTheBackupsRunButForItsCommandAndWithoutSecrets() {
    JobSettings settings = new JobSettings();
    settings.setNodeSelector(Map.of("disk", "ssd"));
    settings.setTolerations(
        List.of(new TolerationBuilder().withKey("backup").withOperator("Exists").build()));
    settings.setImagePullSecrets(List.of(new LocalObjectReference("pull")));
    settings.setImagePullPolicy(ImagePullPolicy.Never);
    settings.setPriorityClassName("low");
    settings.setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(1000L).build());

    PodSpec backup = BackupJob.desired(backup(settings), CONFIG).getSpec().getTemplate().getSpec();
    PodSpec deletion =
        RetentionJob.desired(schedule(settings), chain(), CONFIG).getSpec().getTemplate().getSpec();

    assertThat(withoutWhatDiffers(deletion)).isEqualTo(withoutWhatDiffers(backup));
    assertThat(deletion.getContainers().get(0).getImagePullPolicy()).isEqualTo("Never");
    assertThat(deletion.getContainers().get(0).getVolumeMounts())
        .isEqualTo(backup.getContainers().get(0).getVolumeMounts().subList(0, 2));
    assertThat(deletion.getVolumes()).isEqualTo(backup.getVolumes().subList(0, 2));
    assertThat(backup.getVolumes()).hasSize(3);
  }

  /** The pod without its container's name, command and resources, its mounts and volumes. */
  private static PodSpec withoutWhatDiffers(PodSpec pod) {
    return new PodSpecBuilder(pod)
        .editFirstContainer()
        .withName(null)
        .withCommand((List<String>) null)
        .withResources(null)
        .withVolumeMounts((List<io.fabric8.kubernetes.api.model.VolumeMount>) null)
        .endContainer()
        .withVolumes((List<io.fabric8.kubernetes.api.model.Volume>) null)
        .build();
  }

  private static Neo4jBackup backup(JobSettings settings) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod/chain-20260110T023000Z");
    spec.setTarget(target);
    TlsSettings tls = new TlsSettings();
    tls.setSecretName("neo4j-tls");
    spec.setTls(tls);
    spec.setJob(settings);
    Neo4jBackup backup = new Neo4jBackup();
    backup.getMetadata().setName("nightly-29466870");
    backup.getMetadata().setNamespace("graph");
    backup.getMetadata().setUid("uid-backup");
    backup.setSpec(spec);
    return backup;
  }

  private static Neo4jBackupSchedule schedule(JobSettings settings) {
    BackupTemplateSpec template = new BackupTemplateSpec();
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    template.setTarget(target);
    template.setJob(settings);
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setBackupTemplate(backupTemplate);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName("nightly");
    schedule.getMetadata().setNamespace("graph");
    schedule.getMetadata().setUid("uid-schedule");
    schedule.setSpec(spec);
    return schedule;
  }

  private static ChainRecord chain() {
    ChainRecord chain = new ChainRecord();
    chain.setPath("neo4j/prod/chain-20260110T023000Z");
    chain.setClaimName("backups");
    chain.setStartTime("2026-01-10T02:30:00Z");
    return chain;
  }
}

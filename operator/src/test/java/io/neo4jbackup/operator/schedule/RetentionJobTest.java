package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  @Test
  void mountsTheClaimAndRemovesTheChainWithTheEngineImagesShell() {
    Job job = RetentionJob.desired(schedule(null), chain(), CONFIG);

    assertThat(job.getMetadata().getName()).isEqualTo("nightly-r29466870");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "retention")
        .containsEntry(ScheduleNames.SCHEDULE_LABEL, "nightly");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Neo4jBackupSchedule"))
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("local/neo4j-backup-engine:0.1.0");
    assertThat(container.getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            RetentionJob.SCRIPT,
            "delete-chain",
            "/backup/neo4j/prod",
            "chain-20260110T023000Z");
    assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo("/backup");
    assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("backups");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void runsWhereTheTemplatesBackupsRunAsTheOperatorSaysTheEngineRuns() {
    JobSettings settings = new JobSettings();
    settings.setNodeSelector(Map.of("disk", "backup"));
    settings.setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(1000L).build());
    OperatorConfig config =
        new OperatorConfig(
            "registry.example/engine:1",
            "IfNotPresent",
            "neo4j-backup",
            null,
            null,
            Set.of(),
            "cluster.local",
            8080);

    PodSpec pod =
        RetentionJob.desired(schedule(settings), chain(), config).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry.example/engine:1");
    assertThat(pod.getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(pod.getNodeSelector()).containsEntry("disk", "backup");
    assertThat(pod.getServiceAccountName()).isEqualTo("neo4j-backup");
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void aTemplateThatWouldLoosenTheSecurityContextsGetsNoJob() {
    JobSettings settings = new JobSettings();
    settings.setContainerSecurityContext(new SecurityContextBuilder().withPrivileged(true).build());

    assertThatThrownBy(() -> RetentionJob.desired(schedule(settings), chain(), CONFIG))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(
            "spec.backupTemplate.spec.job.containerSecurityContext.privileged is true");
  }

  @Test
  void theScriptDeletesTheChainAndWhatTheEngineKeepsBesideItButNothingElse(@TempDir Path claim)
      throws Exception {
    Path prod = Files.createDirectories(claim.resolve("neo4j/prod"));
    Path chain = Files.createDirectories(prod.resolve("chain-20260110T023000Z/databases/neo4j"));
    Files.writeString(chain.resolve("store"), "data");
    Files.createDirectories(prod.resolve(".chain-20260110T023000Z.staging"));
    Files.writeString(prod.resolve(".chain-20260110T023000Z.lock"), "");
    Files.writeString(prod.resolve("chain-20260110T023000Z-consistency-report-1"), "");
    Path kept = Files.createDirectories(prod.resolve("chain-20260117T023000Z"));

    assertThat(sh(prod, "chain-20260110T023000Z")).isZero();

    try (var left = Files.list(prod)) {
      assertThat(left.toList()).containsExactly(kept);
    }
  }

  @Test
  void theScriptRefusesADirectoryNotNamedLikeAChain(@TempDir Path claim) throws Exception {
    Path precious = Files.createDirectories(claim.resolve("neo4j"));

    assertThat(sh(claim, "neo4j")).isEqualTo(2);
    assertThat(sh(claim, "..")).isEqualTo(2);

    assertThat(precious).exists();
  }

  private static int sh(Path parent, String name) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("/bin/sh", "-c", RetentionJob.SCRIPT, "delete-chain"));
    command.add(parent.toString());
    command.add(name);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor();
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
    schedule.getMetadata().setUid("uid-1");
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

package io.neo4jbackup.operator.job;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionJobTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  @Test
  void mountsTheClaimAndHasTheEngineDeleteTheChainUnderItsLock() {
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
            EngineCommand.SCRIPT,
            "neo4j-backup",
            "delete",
            "/backup/neo4j/prod/chain-20260110T023000Z",
            "-json");
    assertThat(container.getTerminationMessagePath()).isEqualTo(EngineCommand.TERMINATION_LOG);
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/backup", "/tmp");
    assertThat(pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
        .isEqualTo("backups");
    assertThat(pod.getVolumes().get(1).getEmptyDir()).isNotNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "neo4j/prod",
        "neo4j/prod/chain-latest",
        "neo4j/prod/chain-20260110T023000Z/databases",
        "chain-20260110T023000Z-consistency-report-1"
      })
  void refusesADirectoryNotNamedLikeAChain(String path) {
    ChainRecord chain = chain();
    chain.setPath(path);

    assertThatThrownBy(() -> RetentionJob.desired(schedule(null), chain, CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a chain's directory");
  }

  /**
   * Runs the Job's command with a stand-in engine that answers as the engine does when a backup
   * holds the chain's lock, and a temporary file in place of /dev/termination-log: the engine's
   * line and exit status are the container's, for the schedule to read.
   */
  @Test
  void theEnginesAnswerBecomesTheTerminationMessage(@TempDir Path directory) throws Exception {
    Path engine = directory.resolve("neo4j-backup");
    Files.writeString(
        engine,
        "#!/bin/sh\n[ \"$1 $3\" = \"delete -json\" ] || exit 2\n"
            + "echo '{\"status\":\"failed\",\"failure\":\"TARGET_BUSY\",\"message\":\"locked\"}'\n"
            + "exit 5\n");
    Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path terminationLog = directory.resolve("termination-log");
    List<String> command =
        new ArrayList<>(
            RetentionJob.desired(schedule(null), chain(), CONFIG)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getCommand());
    command.set(
        2, command.get(2).replace(EngineCommand.TERMINATION_LOG, terminationLog.toString()));

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", directory + ":/usr/bin:/bin");
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(5);
    assertThat(Files.readString(terminationLog)).contains("\"failure\":\"TARGET_BUSY\"");
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

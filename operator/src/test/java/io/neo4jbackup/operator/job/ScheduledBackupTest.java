package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.TemplateMetadata;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduledBackupTest {

  private static final Instant TICK = Instant.parse("2026-01-10T02:30:00Z");
  private static final String CHAIN = "neo4j/prod/chain-20260110T023000Z";

  @Test
  void isTheTemplatesBackupIntoTheChosenChainNamedAfterTheTickAndOwnedByTheSchedule() {
    Neo4jBackupSchedule schedule = schedule();

    Neo4jBackup backup = ScheduledBackup.desired(schedule, TICK, BackupMode.Full, CHAIN, 42L);

    assertThat(backup.getMetadata().getName()).isEqualTo("nightly-29466870");
    assertThat(backup.getMetadata().getNamespace()).isEqualTo("graph");
    assertThat(backup.getMetadata().getLabels())
        .containsExactly(
            Map.entry("team", "graph"), Map.entry(ScheduleNames.SCHEDULE_LABEL, "nightly"));
    assertThat(backup.getMetadata().getAnnotations())
        .containsExactly(
            Map.entry("note", "kept"),
            Map.entry(ScheduleNames.SCHEDULED_TIME_ANNOTATION, "2026-01-10T02:30:00Z"));
    assertThat(backup.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Neo4jBackupSchedule"))
        .satisfies(o -> assertThat(o.getName()).isEqualTo("nightly"))
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-nightly"))
        .satisfies(o -> assertThat(o.getController()).isTrue());
    assertThat(backup.getSpec().getFrom()).isEqualTo("single://neo4j");
    assertThat(backup.getSpec().getDatabase()).isEqualTo("sales");
    assertThat(backup.getSpec().getVerify().getConsistency()).isTrue();
    assertThat(backup.getSpec().getJob().getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(backup.getSpec().getMinTransactionId()).isEqualTo(42L);
    assertThat(backup.getSpec().getTarget().getClaimName()).isEqualTo("backups");
    assertThat(backup.getSpec().getTarget().getPath()).isEqualTo(CHAIN);
  }

  @Test
  void neverFallsBackToAFullBackupInPlaceWhateverTheTemplateSays() {
    Neo4jBackupSchedule schedule = schedule();

    Neo4jBackup backup =
        ScheduledBackup.desired(schedule, TICK, BackupMode.Incremental, CHAIN, null);

    assertThat(schedule.getSpec().getBackupTemplate().getSpec().getFallbackToFull()).isTrue();
    assertThat(backup.getSpec().getFallbackToFull()).isFalse();
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(backup.getSpec().getMinTransactionId()).isNull();
    assertThat(schedule.getSpec().getBackupTemplate().getSpec().getTarget().getPath())
        .as("the template is left as it was")
        .isEqualTo("neo4j/prod");
  }

  @Test
  void theTickIsReadBackFromTheBackupAndOnlyFromAScheduledOne() {
    Neo4jBackup backup = ScheduledBackup.desired(schedule(), TICK, BackupMode.Full, CHAIN, null);
    Neo4jBackup oneOff = new Neo4jBackup();
    Neo4jBackup garbled = new Neo4jBackup();
    garbled.getMetadata().setAnnotations(Map.of(ScheduleNames.SCHEDULED_TIME_ANNOTATION, "noon"));

    assertThat(ScheduledBackup.tick(backup)).contains(TICK);
    assertThat(ScheduledBackup.tick(oneOff)).isEmpty();
    assertThat(ScheduledBackup.tick(garbled)).isEmpty();
  }

  private static Neo4jBackupSchedule schedule() {
    BackupTemplateSpec template = new BackupTemplateSpec();
    template.setFrom("single://neo4j");
    template.setDatabase("sales");
    template.setVerify(VerifySpec.of(true));
    template.setFallbackToFull(true);
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    template.setTarget(target);
    JobSettings job = new JobSettings();
    job.setNodeSelector(Map.of("disk", "ssd"));
    template.setJob(job);
    TemplateMetadata metadata = new TemplateMetadata();
    metadata.setLabels(Map.of("team", "graph"));
    metadata.setAnnotations(Map.of("note", "kept"));
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    backupTemplate.setMetadata(metadata);
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setBackupTemplate(backupTemplate);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName("nightly");
    schedule.getMetadata().setNamespace("graph");
    schedule.getMetadata().setUid("uid-nightly");
    schedule.setSpec(spec);
    return schedule;
  }
}

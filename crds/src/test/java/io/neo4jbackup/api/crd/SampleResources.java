package io.neo4jbackup.api.crd;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.VerificationResult;

/** The smallest valid resources, and a plausible status, for tests to start from. */
final class SampleResources {

  private SampleResources() {}

  /** A Neo4jBackup that names only what is required: its source and target. */
  static Neo4jBackup backup(String name) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    spec.setTarget(target());
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).build());
    backup.setSpec(spec);
    return backup;
  }

  /**
   * A Neo4jBackupSchedule that names only what is required: when, and the backups' source and
   * target.
   */
  static Neo4jBackupSchedule schedule(String name, String cron) {
    BackupTemplateSpec backup = new BackupTemplateSpec();
    backup.setFrom("single://neo4j");
    backup.setTarget(target());
    BackupTemplate template = new BackupTemplate();
    template.setSpec(backup);
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule(cron);
    spec.setBackupTemplate(template);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withName(name).build());
    schedule.setSpec(spec);
    return schedule;
  }

  /** The status of a verified incremental backup up to {@code lastTransactionId}. */
  static Neo4jBackupStatus succeeded(long lastTransactionId) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setMode(BackupMode.Incremental);
    status.setStoreId("c0ffee-1");
    status.setFirstTransactionId(lastTransactionId - 10);
    status.setLastTransactionId(lastTransactionId);
    status.setDuration("4m12s");
    status.setVerification(VerificationResult.Passed);
    return status;
  }

  private static Target target() {
    Target target = new Target();
    target.setClaimName("neo4j-backups");
    target.setPath("neo4j/prod");
    return target;
  }
}

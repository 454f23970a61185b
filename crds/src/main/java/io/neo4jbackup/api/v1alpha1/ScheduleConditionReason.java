package io.neo4jbackup.api.v1alpha1;

/** The reasons a Neo4jBackupSchedule's conditions give. */
public enum ScheduleConditionReason {
  /** The schedule is valid and the next run is planned. */
  Scheduled,
  /** {@code spec.suspend} is true: no new backups start. */
  Suspended,
  /** {@code spec.schedule} is not a valid cron expression (for example minute 61). */
  InvalidSchedule,
  /** {@code spec.timeZone} is not a time zone this operator knows. */
  InvalidTimeZone,
  /** {@code spec.backupTemplate} cannot be used as written (for example its target path). */
  InvalidTemplate,
  /** {@code spec.retention} cannot be used as written (for example a zero {@code keepWithin}). */
  InvalidRetention,
  /** The most recent finished backup succeeded. */
  BackupSucceeded,
  /** The most recent finished backup failed; its own status says why. */
  BackupFailed,
  /** {@code spec.drill} cannot be used as written (for example its cron expression). */
  InvalidDrill,
  /** The most recent restore drill's query answered what was expected. */
  DrillPassed,
  /** The most recent restore drill failed: a wrong answer, or no answer; the message says. */
  DrillFailed
}

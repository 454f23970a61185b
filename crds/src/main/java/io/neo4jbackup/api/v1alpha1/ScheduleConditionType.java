package io.neo4jbackup.api.v1alpha1;

/** The conditions a Neo4jBackupSchedule reports. */
public enum ScheduleConditionType {
  /** True while the schedule is valid and runs backups; False when suspended or invalid. */
  Ready,
  /** Whether the most recent finished backup of this schedule succeeded. */
  LastBackupSucceeded,
  /** With {@code spec.drill}: whether the most recent restore drill passed. */
  DrillPassed
}

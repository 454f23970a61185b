package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.operator.EventReason;

/** The Kubernetes Events the operator records on a Neo4jBackupSchedule: reasons and types. */
public enum ScheduleEvent implements EventReason {
  /** A run started: its Neo4jBackup was created. */
  BackupCreated("Normal"),
  /** A run started a new chain (a new directory with a full backup). */
  ChainStarted("Normal"),
  /** A run was skipped because a backup of the schedule was still running (Forbid). */
  RunSkipped("Warning"),
  /** Runs were missed: too late to start (operator down, startingDeadlineSeconds). */
  RunsMissed("Warning"),
  /** A running backup was cancelled for a new run (Replace). */
  BackupCancelled("Warning"),
  /** A backup of the schedule succeeded. */
  BackupSucceeded("Normal"),
  /** A backup of the schedule failed; the schedule carries on with the next run. */
  BackupFailed("Warning"),
  /** Retention started deleting an old chain's data. */
  ChainDeletionStarted("Normal"),
  /** Retention deleted an old chain's data. */
  ChainDeleted("Normal"),
  /** Retention could not delete an old chain's data; it tries again later. */
  ChainDeletionFailed("Warning"),
  /**
   * Retention found an old chain in use (a backup or a restore held its lock) and deleted nothing;
   * it tries again later.
   */
  ChainDeletionDeferred("Normal"),
  /** A restore drill's Job was created, for the newest successful backup. */
  DrillStarted("Normal"),
  /** A restore drill's query answered what was expected. */
  DrillPassed("Normal"),
  /** A restore drill failed: a wrong answer, or none; the message says which. */
  DrillFailed("Warning"),
  /** The spec cannot be carried out; no backups run until it is fixed. */
  InvalidSpec("Warning");

  private final String type;

  ScheduleEvent(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }
}

package io.neo4jbackup.operator.backup;

import io.neo4jbackup.operator.EventReason;

/** The Kubernetes Events the operator records on a Neo4jBackup: their reasons and types. */
enum BackupEvent implements EventReason {
  /** The backup Job was created. */
  BackupStarted("Normal"),
  /** The backup waits for another backup that writes into the same target. */
  BackupWaiting("Normal"),
  /** The backup's pod cannot start (unschedulable, image not pulled, missing Secret...). */
  BackupStuck("Warning"),
  /** The backup completed. */
  BackupSucceeded("Normal"),
  /** The backup failed; the message gives the reason. */
  BackupFailed("Warning"),
  /** The backup's restore drill answered what was expected. */
  DrillPassed("Normal"),
  /** The backup's restore drill answered something else: the backup was not published. */
  DrillFailed("Warning");

  private final String type;

  BackupEvent(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }
}

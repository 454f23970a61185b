package io.neo4jbackup.api.v1alpha1;

/** Where a Neo4jBackup is in its life: the phases only move forward. */
public enum BackupPhase {
  /** Accepted; the Job is not running yet. */
  Pending,
  /** The backup Job is running. */
  Running,
  /** The backup is complete (and verified when verification was asked for). */
  Succeeded,
  /** The backup did not complete; {@code status.failureReason} says why. */
  Failed
}

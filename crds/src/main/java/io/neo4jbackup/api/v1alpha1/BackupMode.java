package io.neo4jbackup.api.v1alpha1;

/** Whether a backup copies the whole store or only the transactions since the previous backup. */
public enum BackupMode {
  /** Incremental when the target holds a backup of the same store, otherwise full. */
  Auto,
  /** A complete store copy; starts a new backup chain in an empty target. */
  Full,
  /** Only the transactions since the backup already in the target. */
  Incremental
}

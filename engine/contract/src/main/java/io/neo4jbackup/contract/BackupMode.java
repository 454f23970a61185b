package io.neo4jbackup.contract;

/** How a backup was taken. */
public enum BackupMode {
  /** The whole store copied, then the transactions committed meanwhile replayed over it. */
  FULL,
  /** Only the transactions since the backup in the target, replayed over it. */
  INCREMENTAL
}

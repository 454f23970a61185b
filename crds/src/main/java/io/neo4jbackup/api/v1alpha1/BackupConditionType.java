package io.neo4jbackup.api.v1alpha1;

/** The conditions a Neo4jBackup reports (as for a Job, so {@code kubectl wait} works alike). */
public enum BackupConditionType {
  /** True once the backup succeeded; False with the reason while it runs or after it failed. */
  Complete,
  /** True once the backup failed, with one of the failure reasons. */
  Failed,
  /**
   * Set only when a check was asked for ({@code spec.verify}): whether the consistency checker and
   * the restore drill passed.
   */
  Verified
}

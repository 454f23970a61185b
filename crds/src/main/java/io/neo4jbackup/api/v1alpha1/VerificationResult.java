package io.neo4jbackup.api.v1alpha1;

/** What the consistency checker said about a backup. */
public enum VerificationResult {
  /** The backup is consistent. */
  Passed,
  /** The checker found inconsistencies; the backup must not be relied on. */
  Failed,
  /** Verification was not asked for ({@code spec.verify} is false). */
  Skipped
}

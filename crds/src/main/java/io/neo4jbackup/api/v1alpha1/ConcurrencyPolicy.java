package io.neo4jbackup.api.v1alpha1;

/**
 * What a schedule does when a run is due while the previous backup is still running. There is no
 * {@code Allow}: two backups writing into one chain cannot both succeed.
 */
public enum ConcurrencyPolicy {
  /** Skip the new run; the running backup carries on. */
  Forbid,
  /** Cancel the running backup and start the new one. */
  Replace
}

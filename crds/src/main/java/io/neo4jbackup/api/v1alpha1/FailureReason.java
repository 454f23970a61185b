package io.neo4jbackup.api.v1alpha1;

/** Why a backup failed: a fixed set, so that people and tools can act on it without parsing. */
public enum FailureReason {
  /** The spec cannot be carried out as written (for example a Secret lacks a key). */
  InvalidSpec,
  /** The PersistentVolumeClaim named in {@code spec.target} does not exist. */
  TargetNotFound,
  /** Another backup is writing to the same target directory. */
  TargetBusy,
  /** No server named in {@code spec.from} answered on the backup port. */
  Unreachable,
  /**
   * The backup port refused the client or the client the server: TLS (certificate, host name,
   * client certificate) or the shared secret did not match.
   */
  AuthenticationFailed,
  /** The server belongs to a different cluster than {@code spec.cluster}. */
  WrongCluster,
  /** The target holds a backup of a different store (database) than the server's. */
  OtherStore,
  /** The server no longer has the transaction logs an incremental backup needs. */
  LogsPruned,
  /** The copied store or transactions failed an integrity check (checksums, gaps). */
  Integrity,
  /** The consistency checker found inconsistencies in the backup. */
  VerificationFailed,
  /** The backup ran longer than {@code spec.job.activeDeadlineSeconds}. */
  DeadlineExceeded,
  /** The backup pod disappeared (node lost, evicted or deleted) and retries ran out. */
  PodLost,
  /** The backup Job failed without a reason the engine reported (see the pod's logs). */
  JobFailed
}

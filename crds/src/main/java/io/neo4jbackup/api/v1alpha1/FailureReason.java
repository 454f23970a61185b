package io.neo4jbackup.api.v1alpha1;

/** Why a backup failed: a fixed set, so that people and tools can act on it without parsing. */
public enum FailureReason {
  /** The spec cannot be carried out as written (for example a Secret lacks a key). */
  InvalidSpec,
  /** The PersistentVolumeClaim named in {@code spec.target} does not exist. */
  TargetNotFound,
  /** Another backup is writing to the same target directory. Transient. */
  TargetBusy,
  /** No server named in {@code spec.from} answered on the backup port. Transient. */
  Unreachable,
  /**
   * The server was already streaming its maximum of backups, or had its maximum of connections.
   * Transient: a later attempt may succeed.
   */
  ServerBusy,
  /**
   * The database was stopped, starting or failed on the servers that answered. Transient: a later
   * attempt may succeed.
   */
  DatabaseUnavailable,
  /**
   * Every member that answered was behind the backup in the target, or below {@code
   * spec.minTransactionId}: backing up from it would go back in time. Transient while a member
   * catches up.
   */
  MemberBehind,
  /**
   * The backup port refused the client or the client the server: TLS (certificate, host name,
   * client certificate) or the shared secret did not match.
   */
  AuthenticationFailed,
  /** The server belongs to a different cluster than {@code spec.cluster}. */
  WrongCluster,
  /** The target holds a backup of a different store (database) than the server's. */
  OtherStore,
  /**
   * The server's history diverged from the backup's: the same transaction has another checksum
   * there (the database was restored or recreated). The chain in the target cannot continue.
   */
  Diverged,
  /** The server no longer has the transaction logs an incremental backup needs. */
  LogsPruned,
  /** The copied store or transactions failed an integrity check (checksums, gaps). */
  Integrity,
  /**
   * The object store in {@code spec.target.objectStore} could not be reached, or answered with
   * server errors. Transient: a later attempt may succeed.
   */
  ObjectStoreUnreachable,
  /**
   * The object store refused the request: wrong or insufficient credentials, a bucket that does not
   * exist or is not the credentials' to use, or an encryption key other than the chain's.
   */
  ObjectStoreDenied,
  /**
   * An object in the object store is not what its chain's manifest says (checksum, size,
   * decryption, or missing): the copy in the bucket is not trusted.
   */
  ObjectStoreIntegrity,
  /** The consistency checker found inconsistencies in the backup. */
  VerificationFailed,
  /** The backup ran longer than {@code spec.job.activeDeadlineSeconds}. */
  DeadlineExceeded,
  /** The backup pod disappeared (node lost, evicted or deleted) and retries ran out. */
  PodLost,
  /** The backup Job failed without a reason the engine reported (see the pod's logs). */
  JobFailed
}

package io.neo4jbackup.api.v1alpha1;

/**
 * The reasons a Neo4jBackup's conditions give: the progress reasons, then one per {@link
 * FailureReason} under the same name.
 */
public enum BackupConditionReason {
  /** Accepted, the Job is not running yet. */
  Pending,
  /** The backup Job is running. */
  Running,
  /** The backup completed. */
  Succeeded,
  /**
   * The consistency checker found the backup consistent: what operators before drills wrote, read
   * still in stored statuses; {@link #ConsistencyPassed} now.
   */
  VerificationPassed,
  /** The consistency checker found the backup consistent (and no drill was asked for). */
  ConsistencyPassed,
  /** The restore drill's query answered what was expected (and the checker passed, if asked). */
  DrillPassed,
  /** The restore drill's query answered something else: the backup was not published. */
  DrillFailed,
  InvalidSpec,
  TargetNotFound,
  TargetBusy,
  Unreachable,
  ServerBusy,
  DatabaseUnavailable,
  MemberBehind,
  WrongCluster,
  OtherStore,
  Diverged,
  LogsPruned,
  Integrity,
  VerificationFailed,
  DeadlineExceeded,
  PodLost,
  JobFailed,
  AuthenticationFailed,
  /** The object store could not be reached (FailureReason.ObjectStoreUnreachable). */
  ObjectStoreUnreachable,
  /** The object store refused the credentials or the request (FailureReason.ObjectStoreDenied). */
  ObjectStoreDenied,
  /** An object failed its checksum or decryption (FailureReason.ObjectStoreIntegrity). */
  ObjectStoreIntegrity;

  /** The condition reason that reports a failure. */
  public static BackupConditionReason of(FailureReason failure) {
    return valueOf(failure.name());
  }
}

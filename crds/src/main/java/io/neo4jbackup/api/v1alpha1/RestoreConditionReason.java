package io.neo4jbackup.api.v1alpha1;

/** Why a Neo4jRestore's condition is what it is: the steps, then the failure reasons. */
public enum RestoreConditionReason {
  Pending,
  Stopping,
  Restoring,
  Starting,
  Succeeded,
  /** The spec changed after it was accepted (condition SpecChanged). */
  SpecIgnored,
  InvalidSpec,
  SourceNotFound,
  SourceNotReady,
  SourceBusy,
  TargetNotFound,
  TargetBusy,
  UnsupportedTarget,
  SpecChanged,
  TargetInUse,
  VerificationFailed,
  DeadlineExceeded,
  PodLost,
  JobFailed;

  /** The condition reason that reports a failure. */
  public static RestoreConditionReason of(RestoreFailureReason failure) {
    return valueOf(failure.name());
  }
}

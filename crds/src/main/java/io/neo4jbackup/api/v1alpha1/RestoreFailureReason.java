package io.neo4jbackup.api.v1alpha1;

/** Why a Neo4jRestore failed: one of a fixed set, with a message saying what to do. */
public enum RestoreFailureReason {
  /** The spec cannot run, or the engine refused it (a point outside the recovery window). */
  InvalidSpec,
  /** The Neo4jBackup or claim named as source does not exist. */
  SourceNotFound,
  /** The source Neo4jBackup has not succeeded. */
  SourceNotReady,
  /** A backup still writes into the source chain (its lock was held). */
  SourceBusy,
  /** The StatefulSet, or its data claim, does not exist. */
  TargetNotFound,
  /** Another unfinished Neo4jRestore works on the same StatefulSet. */
  TargetBusy,
  /** The StatefulSet is not one the operator can restore into (replicas, data volume). */
  UnsupportedTarget,
  /** The spec changed before the restore Job was created. */
  SpecChanged,
  /** The data directory was in use or not writable. */
  TargetInUse,
  /** The consistency checker found errors in the restored copy; nothing was replaced. */
  VerificationFailed,
  /** The Job ran past spec.job.activeDeadlineSeconds. */
  DeadlineExceeded,
  /** The restore Job or its pod was deleted, evicted or lost before a result. */
  PodLost,
  /** The engine failed unexpectedly or left no readable result. */
  JobFailed
}

package io.neo4jbackup.api.v1alpha1;

/**
 * Where a Neo4jRestore is: the steps in order; every failure after Stopping goes through Starting.
 */
public enum RestorePhase {
  /** Accepted; being checked. */
  Pending,
  /** Schedules suspended, the StatefulSet scaled to 0, waiting for its pods to be gone. */
  Stopping,
  /** The restore Job runs. */
  Restoring,
  /** The StatefulSet scaled back, waiting for its pods to be ready; then schedules resumed. */
  Starting,
  /** The backup is in place and Neo4j runs again. */
  Succeeded,
  /** The restore did not happen (or Neo4j did not come back); status.failureReason says why. */
  Failed
}

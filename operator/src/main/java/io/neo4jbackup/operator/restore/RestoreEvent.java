package io.neo4jbackup.operator.restore;

import io.neo4jbackup.operator.EventReason;

/** The Kubernetes Events the operator records on a Neo4jRestore: their reasons and types. */
enum RestoreEvent implements EventReason {
  /** Schedules suspended and the StatefulSet being scaled to 0. */
  RestoreStopping("Normal"),
  /** The restore Job was created. */
  RestoreRestoring("Normal"),
  /** The StatefulSet is being scaled back. */
  RestoreStarting("Normal"),
  /** The restore is in place and Neo4j runs again. */
  RestoreSucceeded("Normal"),
  /** The restore was refused or failed. */
  RestoreFailed("Warning"),
  /** The spec was changed after it was accepted; the change is ignored. */
  SpecChangeIgnored("Warning"),
  /** The Neo4jRestore was deleted midway: Neo4j and the schedules are being brought back. */
  RestoreAborted("Warning"),
  /** A step has waited ten minutes for Neo4j's pods to stop or be ready; it keeps waiting. */
  RestoreStalled("Warning");

  private final String type;

  RestoreEvent(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }
}

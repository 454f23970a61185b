package io.neo4jbackup.api.v1alpha1;

/** The conditions of a Neo4jRestore. */
public enum RestoreConditionType {
  /** True once the restore succeeded and Neo4j runs again. */
  Complete,
  /** True once the restore failed (Neo4j started again where it had been stopped). */
  Failed,
  /** True when the spec was changed after it was accepted: the change is ignored. */
  SpecChanged,
  /**
   * True when a step has waited ten minutes or more for Neo4j's pods to stop or to be ready (the
   * restore keeps waiting: it never gives up with Neo4j stopped); False once that wait is over.
   */
  Stalled
}

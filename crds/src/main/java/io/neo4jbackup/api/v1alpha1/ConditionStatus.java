package io.neo4jbackup.api.v1alpha1;

/** The status of a condition, as in every Kubernetes condition. */
public enum ConditionStatus {
  True,
  False,
  Unknown
}

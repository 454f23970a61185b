package io.neo4jbackup.operator;

import java.util.Objects;

/**
 * How this operator was deployed: the backup engine image its Jobs run, unless a backup names its
 * own, and the cluster's DNS domain that Service names in {@code spec.from} are completed with.
 */
public record OperatorConfig(String engineImage, String clusterDomain) {

  /** The DNS domain of most clusters, for an operator configured with none. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  public OperatorConfig {
    Objects.requireNonNull(engineImage, "engineImage");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    if (engineImage.isBlank()) {
      throw new IllegalArgumentException("the engine image must not be blank");
    }
  }
}

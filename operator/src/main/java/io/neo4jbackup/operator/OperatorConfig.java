package io.neo4jbackup.operator;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.neo4jbackup.operator.dns.ServiceDns;
import io.neo4jbackup.operator.job.SecurityDefaults;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How this operator was deployed: what its engine pods (backups and chain deletions) run and as
 * whom (the engine image, the service account, the security contexts, which a Neo4jBackup may only
 * tighten), the namespaces it watches, the cluster's DNS domain that Service names in {@code
 * spec.from} are completed with, and the port of its metrics and health endpoints. {@link
 * OperatorConfigLoader} reads it from the environment and an optional file.
 *
 * @param engineImagePullPolicy the engine image's pull policy, or null for Kubernetes' default
 * @param engineServiceAccount the service account of engine pods, or null for the namespace's
 *     default
 * @param enginePodSecurityContext the engine pods' security context; null for {@link
 *     SecurityDefaults#pod()}
 * @param engineSecurityContext the engine containers' security context; null for {@link
 *     SecurityDefaults#container()}
 * @param watchNamespaces the namespaces to watch; empty for all of them
 */
public record OperatorConfig(
    String engineImage,
    String engineImagePullPolicy,
    String engineServiceAccount,
    PodSecurityContext enginePodSecurityContext,
    SecurityContext engineSecurityContext,
    Set<String> watchNamespaces,
    String clusterDomain,
    int metricsPort) {

  /** The DNS domain of most clusters, for an operator configured with none. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  /** The port of {@code /metrics}, {@code /healthz} and {@code /readyz} unless configured. */
  public static final int DEFAULT_METRICS_PORT = 8080;

  /** The pull policies Kubernetes knows. */
  public static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public OperatorConfig {
    Objects.requireNonNull(engineImage, "engineImage");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    if (engineImage.isBlank()) {
      throw new IllegalArgumentException("the engine image must not be blank");
    }
    if (engineImagePullPolicy != null && !PULL_POLICIES.contains(engineImagePullPolicy)) {
      throw new IllegalArgumentException(
          "the engine image pull policy '"
              + engineImagePullPolicy
              + "' is none of Always, IfNotPresent, Never");
    }
    if (engineServiceAccount != null
        && (engineServiceAccount.length() > 253
            || !SERVICE_ACCOUNT.matcher(engineServiceAccount).matches())) {
      throw new IllegalArgumentException(
          "the engine service account '" + engineServiceAccount + "' is not a ServiceAccount name");
    }
    enginePodSecurityContext =
        enginePodSecurityContext == null
            ? SecurityDefaults.pod()
            : new PodSecurityContextBuilder(enginePodSecurityContext).build();
    engineSecurityContext =
        engineSecurityContext == null
            ? SecurityDefaults.container()
            : new SecurityContextBuilder(engineSecurityContext).build();
    watchNamespaces = Set.copyOf(watchNamespaces);
    for (String namespace : watchNamespaces) {
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException(
            "the watched namespace '" + namespace + "' is not a namespace name");
      }
    }
    new ServiceDns(clusterDomain); // validates it
    if (metricsPort < 1 || metricsPort > 65535) {
      throw new IllegalArgumentException("the metrics port " + metricsPort + " is outside 1-65535");
    }
  }

  /**
   * An operator that runs {@code engineImage} in a cluster of {@code clusterDomain}, watching all,
   * its engine pods as the namespace's default service account with the default security contexts.
   */
  public OperatorConfig(String engineImage, String clusterDomain) {
    this(engineImage, null, null, null, null, Set.of(), clusterDomain, DEFAULT_METRICS_PORT);
  }

  /** Whether the operator watches every namespace. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }
}

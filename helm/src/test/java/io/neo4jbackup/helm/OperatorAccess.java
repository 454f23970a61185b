package io.neo4jbackup.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator does with the Kubernetes API (its reconcilers, informers and event recorders):
 * the chart must grant exactly this, and the tests state it once here. A permission reads {@code
 * group/resource[/subresource]:verb}, the core group being empty.
 */
final class OperatorAccess {

  /** Every permission the operator needs. */
  static final Set<String> NEEDED = needed();

  /** Permissions an operator that runs backups and restores has no business holding. */
  static final Set<String> NOT_NEEDED =
      Set.of(
          "/secrets:get",
          "/secrets:list",
          "/configmaps:get",
          "/pods:create",
          "/pods:delete",
          "/pods/exec:create",
          "/persistentvolumeclaims:list",
          "/persistentvolumeclaims:delete",
          "/persistentvolumeclaims:create",
          "/namespaces:list",
          "/serviceaccounts:create",
          "batch/jobs:update",
          "apps/deployments:get",
          "apps/statefulsets:delete",
          "apps/statefulsets:create",
          "apiextensions.k8s.io/customresourcedefinitions:delete",
          "rbac.authorization.k8s.io/roles:create",
          "rbac.authorization.k8s.io/clusterroles:escalate");

  private OperatorAccess() {}

  /** The permissions {@code rules} grant, with every resource and verb spelled out. */
  static Set<String> grantedBy(Collection<PolicyRule> rules) {
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return granted;
  }

  /** Splits {@code group/resource[/subresource]:verb} into its parts. */
  record Permission(String group, String resource, String subresource, String verb) {
    static Permission parse(String permission) {
      String[] resourceAndVerb = permission.split(":");
      String[] parts = resourceAndVerb[0].split("/", -1);
      return new Permission(
          parts[0], parts[1], parts.length > 2 ? parts[2] : "", resourceAndVerb[1]);
    }
  }

  private static Set<String> needed() {
    Set<String> needed = new TreeSet<>();
    String backups = "neo4jbackup.io/neo4jbackups";
    String schedules = "neo4jbackup.io/neo4jbackupschedules";
    String restores = "neo4jbackup.io/neo4jrestores";
    List<String> kinds = List.of(backups, schedules, restores);
    grant(needed, kinds, "get", "list", "watch", "create", "update", "patch", "delete");
    grant(
        needed,
        List.of(backups + "/status", schedules + "/status", restores + "/status"),
        "get",
        "update",
        "patch");
    grant(
        needed,
        List.of(backups + "/finalizers", schedules + "/finalizers", restores + "/finalizers"),
        "update");
    // A restore scales the Neo4j StatefulSet to 0 and back.
    grant(needed, List.of("apps/statefulsets"), "get", "list", "watch", "patch", "update");
    grant(needed, List.of("apps/statefulsets/scale"), "get", "patch", "update");
    grant(needed, List.of("batch/jobs"), "get", "list", "watch", "create", "delete");
    grant(needed, List.of("/pods"), "get", "list", "watch");
    grant(needed, List.of("/persistentvolumeclaims"), "get");
    grant(needed, List.of("/events"), "create", "patch");
    return Collections.unmodifiableSet(needed);
  }

  private static void grant(Set<String> into, List<String> resources, String... verbs) {
    for (String resource : resources) {
      for (String verb : verbs) {
        into.add(resource + ":" + verb);
      }
    }
  }
}

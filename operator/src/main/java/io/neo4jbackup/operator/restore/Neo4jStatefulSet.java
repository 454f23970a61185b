package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Neo4j StatefulSet as Neo4j's Helm chart installs it, as far as a restore needs it: its data
 * volume comes from a volumeClaimTemplate mounted at {@code /data} (the chart mounts it with {@code
 * subPathExpr: data}), so pod N's data is the claim {@code <template>-<statefulset>-N}; or, as the
 * chart's {@code volume} mode does, from one PersistentVolumeClaim. Supported: one replica (Neo4j
 * Community does not cluster, so every replica would be a database of its own), or zero. A pure
 * function of the StatefulSet.
 */
final class Neo4jStatefulSet {

  /** Where Neo4j's data directory is mounted, in Neo4j's image and chart. */
  static final String DATA = "/data";

  /** A variable reference in a subPathExpr, {@code $(NAME)}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

  /** The data volume of pod 0: its claim and the subPath it is mounted with ("" for none). */
  record DataVolume(String claim, String subPath) {}

  /** Why a StatefulSet cannot be restored into. */
  static final class Unsupported extends Exception {
    Unsupported(String message) {
      super(message);
    }
  }

  private Neo4jStatefulSet() {}

  /** Its replicas as its spec asks (Kubernetes' default: 1). */
  static int replicas(StatefulSet statefulSet) {
    Integer replicas = statefulSet.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  /** Pod 0's data volume, or why there is not exactly one. */
  static DataVolume dataVolume(StatefulSet statefulSet) throws Unsupported {
    String name = statefulSet.getMetadata().getName();
    if (replicas(statefulSet) > 1) {
      throw new Unsupported(
          "StatefulSet "
              + name
              + " has "
              + replicas(statefulSet)
              + " replicas. Only a StatefulSet of one replica (or zero) is restored into: Neo4j"
              + " Community does not cluster, so each replica would hold a database of its own."
              + " Scale it to 1 first.");
    }
    String pod = name + "-0";
    Map<String, String> claims = new HashMap<>();
    List<PersistentVolumeClaim> claimTemplates = statefulSet.getSpec().getVolumeClaimTemplates();
    for (PersistentVolumeClaim template : orEmpty(claimTemplates)) {
      claims.put(template.getMetadata().getName(), template.getMetadata().getName() + "-" + pod);
    }
    PodSpec podSpec = statefulSet.getSpec().getTemplate().getSpec();
    for (Volume volume : orEmpty(podSpec.getVolumes())) {
      if (volume.getPersistentVolumeClaim() != null && !claims.containsKey(volume.getName())) {
        claims.put(volume.getName(), volume.getPersistentVolumeClaim().getClaimName());
      }
    }
    Set<DataVolume> found = new LinkedHashSet<>();
    for (Container container : orEmpty(podSpec.getContainers())) {
      for (VolumeMount mount : orEmpty(container.getVolumeMounts())) {
        String claim = claims.get(mount.getName());
        if (claim != null && DATA.equals(strip(mount.getMountPath()))) {
          found.add(new DataVolume(claim, subPath(statefulSet, container, mount, pod)));
        }
      }
    }
    if (found.size() != 1) {
      throw new Unsupported(
          "StatefulSet "
              + name
              + (found.isEmpty()
                  ? " mounts no volumeClaimTemplate or PersistentVolumeClaim at " + DATA
                  : " mounts several volumes at " + DATA + " (" + found + ")")
              + ". Supported: Neo4j's data directory from one volumeClaimTemplate or one"
              + " PersistentVolumeClaim volume mounted at "
              + DATA
              + " (with or without subPath or subPathExpr), as Neo4j's Helm chart installs it;"
              + " restore into another layout by hand (docs/manual-restore.md).");
    }
    return found.iterator().next();
  }

  /**
   * The sub-path of the claim that pod 0 mounts: {@code subPath}, or {@code subPathExpr} expanded
   * as the kubelet expands it for pod 0 (Neo4j's Helm chart mounts {@code subPathExpr: data}), from
   * the container's literal variables and the pod's name or namespace.
   */
  private static String subPath(
      StatefulSet statefulSet, Container container, VolumeMount mount, String pod)
      throws Unsupported {
    if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
      return mount.getSubPath();
    }
    String expression = mount.getSubPathExpr();
    if (expression == null || expression.isEmpty()) {
      return "";
    }
    StringBuilder expanded = new StringBuilder();
    Matcher variable = VARIABLE.matcher(expression);
    while (variable.find()) {
      String value = variable(statefulSet, container, variable.group(1), pod);
      if (value == null) {
        throw new Unsupported(
            "StatefulSet "
                + statefulSet.getMetadata().getName()
                + " mounts "
                + DATA
                + " with subPathExpr "
                + expression
                + ", whose $("
                + variable.group(1)
                + ") is not a variable of container "
                + container.getName()
                + " with a literal value or the pod's name or namespace; restore into it by hand"
                + " (docs/manual-restore.md).");
      }
      variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
    }
    variable.appendTail(expanded);
    if (expanded.indexOf("$") >= 0) {
      throw new Unsupported(
          "StatefulSet "
              + statefulSet.getMetadata().getName()
              + " mounts "
              + DATA
              + " with subPathExpr "
              + expression
              + ", which escapes a variable ($$); restore into it by hand"
              + " (docs/manual-restore.md).");
    }
    return expanded.toString();
  }

  private static String variable(
      StatefulSet statefulSet, Container container, String name, String pod) {
    for (EnvVar variable : orEmpty(container.getEnv())) {
      if (!name.equals(variable.getName())) {
        continue;
      }
      if (variable.getValueFrom() == null) {
        return variable.getValue() == null ? "" : variable.getValue();
      }
      ObjectFieldSelector field = variable.getValueFrom().getFieldRef();
      if (field != null && "metadata.name".equals(field.getFieldPath())) {
        return pod;
      }
      if (field != null && "metadata.namespace".equals(field.getFieldPath())) {
        return statefulSet.getMetadata().getNamespace();
      }
      return null;
    }
    return null;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Whether {@code pod} is one of its pods: owned by it. */
  static boolean owns(StatefulSet statefulSet, Pod pod) {
    String uid = statefulSet.getMetadata().getUid();
    return pod.getMetadata().getOwnerReferences() != null
        && pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                owner ->
                    "StatefulSet".equals(owner.getKind())
                        && (uid == null
                            ? statefulSet.getMetadata().getName().equals(owner.getName())
                            : uid.equals(owner.getUid())));
  }

  /** Whether it has {@code replicas} ready pods of its current spec. */
  static boolean ready(StatefulSet statefulSet, int replicas) {
    if (replicas == 0) {
      return true;
    }
    var status = statefulSet.getStatus();
    if (status == null) {
      return false;
    }
    Long generation = statefulSet.getMetadata().getGeneration();
    boolean observed =
        generation == null
            || (status.getObservedGeneration() != null
                && status.getObservedGeneration() >= generation);
    int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    return observed && ready >= replicas;
  }

  private static String strip(String path) {
    if (path == null) {
      return "";
    }
    String stripped = path;
    while (stripped.length() > 1 && stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}

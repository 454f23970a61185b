package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Neo4j StatefulSet as Neo4j's Helm chart installs it, as far as a restore needs it: its data
 * volume comes from a volumeClaimTemplate mounted at {@code /data} (usually with subPath {@code
 * data}), so pod N's data is the claim {@code <template>-<statefulset>-N}. Supported: one replica
 * (Neo4j Community does not cluster, so every replica would be a database of its own), or zero. A
 * pure function of the StatefulSet.
 */
final class Neo4jStatefulSet {

  /** Where Neo4j's data directory is mounted, in Neo4j's image and chart. */
  static final String DATA = "/data";

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
    Set<String> templates = new LinkedHashSet<>();
    List<PersistentVolumeClaim> claimTemplates = statefulSet.getSpec().getVolumeClaimTemplates();
    if (claimTemplates != null) {
      claimTemplates.forEach(template -> templates.add(template.getMetadata().getName()));
    }
    Set<DataVolume> found = new LinkedHashSet<>();
    List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
    for (Container container : containers == null ? List.<Container>of() : containers) {
      for (VolumeMount mount :
          container.getVolumeMounts() == null
              ? List.<VolumeMount>of()
              : container.getVolumeMounts()) {
        if (templates.contains(mount.getName()) && DATA.equals(strip(mount.getMountPath()))) {
          found.add(
              new DataVolume(
                  mount.getName() + "-" + name + "-0",
                  mount.getSubPath() == null ? "" : mount.getSubPath()));
        }
      }
    }
    if (found.size() != 1) {
      throw new Unsupported(
          "StatefulSet "
              + name
              + (found.isEmpty()
                  ? " mounts no volumeClaimTemplate at " + DATA
                  : " mounts several volumes at " + DATA + " (" + found + ")")
              + ". Supported: Neo4j's data directory from one volumeClaimTemplate mounted at "
              + DATA
              + " (with or without subPath), as Neo4j's Helm chart installs it; restore into"
              + " another layout by hand (docs/manual-restore.md).");
    }
    return found.iterator().next();
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

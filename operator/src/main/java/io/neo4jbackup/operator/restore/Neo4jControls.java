package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.operator.LegacyVerify;
import io.neo4jbackup.operator.schedule.ChainPlanner;
import java.time.Instant;
import java.util.List;

/**
 * What a restore does to Neo4j and its schedules through the API: suspends and resumes schedules (a
 * merge patch of {@code spec.suspend}), scales the StatefulSet (a merge patch of {@code
 * spec.replicas}), and lists the pods it still has. Each call is idempotent, so a step repeated
 * after an operator restart does no harm.
 */
final class Neo4jControls {

  private Neo4jControls() {}

  static List<String> schedulesToSuspend(Neo4jRestore restore, KubernetesClient client) {
    String namespace = restore.getMetadata().getNamespace();
    List<Neo4jBackupSchedule> active =
        client
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(namespace)
            .list()
            .getItems()
            .stream()
            .filter(s -> s.getSpec() != null && !Boolean.TRUE.equals(s.getSpec().getSuspend()))
            .toList();
    return SchedulesOfNeo4j.matching(
            active,
            namespace,
            restore.getSpec().getTarget().getStatefulSet(),
            restore.getStatus().getSourceClaim())
        .stream()
        .map(s -> s.getMetadata().getName())
        .sorted()
        .toList();
  }

  /**
   * Marks every schedule of the restored Neo4j (suspended or not) with the time its database was
   * replaced, so that each starts a new chain: after a restore, above all to an earlier point, the
   * database's history is not its chain's ({@link ChainPlanner#RESTORED_AT}).
   */
  static void markRestored(Neo4jRestore restore, Instant at, KubernetesClient client) {
    String namespace = restore.getMetadata().getNamespace();
    List<Neo4jBackupSchedule> schedules =
        SchedulesOfNeo4j.matching(
            client.resources(Neo4jBackupSchedule.class).inNamespace(namespace).list().getItems(),
            namespace,
            restore.getSpec().getTarget().getStatefulSet(),
            restore.getStatus().getSourceClaim());
    for (Neo4jBackupSchedule schedule : schedules) {
      patch(
          schedule,
          "{\"metadata\":{\"annotations\":{\"" + ChainPlanner.RESTORED_AT + "\":\"" + at + "\"}}}",
          client);
    }
  }

  static void resumeSchedules(Neo4jRestore restore, KubernetesClient client) {
    List<String> schedules = restore.getStatus().getSuspendedSchedules();
    if (schedules != null) {
      for (String schedule : schedules) {
        suspend(restore, schedule, false, client);
      }
    }
  }

  /**
   * Sets a schedule's spec.suspend (a merge patch; a schedule deleted meanwhile is passed over).
   */
  static void suspend(
      Neo4jRestore restore, String schedule, boolean suspend, KubernetesClient client) {
    var resource =
        client
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .withName(schedule);
    Neo4jBackupSchedule current = resource.get();
    if (current == null
        || Boolean.valueOf(suspend).equals(current.getSpec().getSuspend())
        || (!suspend && current.getSpec().getSuspend() == null)) {
      return;
    }
    patch(current, "{\"spec\":{\"suspend\":" + suspend + "}}", client);
  }

  /** A merge patch of {@code schedule}; one stored with the old boolean verify is rewritten. */
  private static void patch(Neo4jBackupSchedule schedule, String patch, KubernetesClient client) {
    try {
      client
          .resources(Neo4jBackupSchedule.class)
          .inNamespace(schedule.getMetadata().getNamespace())
          .withName(schedule.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      LegacyVerify.rewriteIfRefused(e, schedule, client);
      throw e;
    }
  }

  static void scale(StatefulSet statefulSet, int replicas, KubernetesClient client) {
    if (Integer.valueOf(replicas).equals(statefulSet.getSpec().getReplicas())) {
      return;
    }
    client
        .apps()
        .statefulSets()
        .inNamespace(statefulSet.getMetadata().getNamespace())
        .withName(statefulSet.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  /** The names of the StatefulSet's pods that still exist. */
  static List<String> pods(StatefulSet statefulSet, KubernetesClient client) {
    var selector = statefulSet.getSpec().getSelector();
    var pods = client.pods().inNamespace(statefulSet.getMetadata().getNamespace());
    List<Pod> listed =
        selector != null
                && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty()
            ? pods.withLabels(selector.getMatchLabels()).list().getItems()
            : pods.list().getItems();
    return listed.stream()
        .filter(pod -> Neo4jStatefulSet.owns(statefulSet, pod))
        .map(pod -> pod.getMetadata().getName())
        .sorted()
        .toList();
  }

  static StatefulSet statefulSet(Neo4jRestore restore, KubernetesClient client) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(restore.getMetadata().getNamespace())
        .withName(restore.getSpec().getTarget().getStatefulSet())
        .get();
  }

  static String statefulSetGone(Neo4jRestore restore) {
    return "StatefulSet "
        + restore.getSpec().getTarget().getStatefulSet()
        + " (spec.target.statefulSet) does not exist in namespace "
        + restore.getMetadata().getNamespace();
  }
}

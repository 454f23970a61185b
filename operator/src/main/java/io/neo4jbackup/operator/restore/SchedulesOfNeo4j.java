package io.neo4jbackup.operator.restore;

import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.contract.BackupUri;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which Neo4jBackupSchedules of a namespace a restore suspends while Neo4j is down: those whose
 * backups would write from that Neo4j, or into the claim the restore reads. A pure function; the
 * rule, as documented, is a schedule of the restore's namespace whose template
 *
 * <ul>
 *   <li>targets the claim that holds the backup being restored, or
 *   <li>names in {@code from} a host whose first DNS label is the StatefulSet's name or starts with
 *       it and a dash ({@code graph}, {@code graph-admin}, {@code graph-backup}, {@code
 *       graph-0.graph-headless.graph.svc.cluster.local}: the Services Neo4j's Helm chart and the
 *       plugin guide create), and that is not in another namespace ({@code graph.other}, {@code
 *       graph.other.svc...}).
 * </ul>
 */
final class SchedulesOfNeo4j {

  private SchedulesOfNeo4j() {}

  /** The schedules of {@code schedules} (all in {@code namespace}) that the rule matches. */
  static List<Neo4jBackupSchedule> matching(
      Collection<Neo4jBackupSchedule> schedules,
      String namespace,
      String statefulSet,
      String sourceClaim) {
    return schedules.stream()
        .filter(schedule -> matches(schedule, namespace, statefulSet, sourceClaim))
        .toList();
  }

  static boolean matches(
      Neo4jBackupSchedule schedule, String namespace, String statefulSet, String sourceClaim) {
    if (schedule.getSpec() == null
        || schedule.getSpec().getBackupTemplate() == null
        || schedule.getSpec().getBackupTemplate().getSpec() == null) {
      return false;
    }
    BackupTemplateSpec template = schedule.getSpec().getBackupTemplate().getSpec();
    if (template.getTarget() != null
        && sourceClaim != null
        && sourceClaim.equals(template.getTarget().getClaimName())) {
      return true;
    }
    if (template.getFrom() == null) {
      return false;
    }
    BackupUri uri;
    try {
      uri = BackupUri.parse(template.getFrom());
    } catch (RuntimeException e) {
      return false;
    }
    return uri.members().stream().anyMatch(m -> namesNeo4j(m.host(), namespace, statefulSet));
  }

  /** Whether {@code host}, seen from {@code namespace}, names a Service or pod of the set. */
  static boolean namesNeo4j(String host, String namespace, String statefulSet) {
    List<String> labels = Arrays.asList(host.toLowerCase(java.util.Locale.ROOT).split("\\."));
    String first = labels.get(0);
    if (!first.equals(statefulSet) && !first.startsWith(statefulSet + "-")) {
      return false;
    }
    int svc = labels.lastIndexOf("svc");
    String hostNamespace =
        svc >= 1 ? labels.get(svc - 1) : labels.size() == 2 ? labels.get(1) : null;
    if (svc < 0 && labels.size() == 3) {
      // pod.service.namespace (a pod of a headless Service)
      hostNamespace = labels.get(2);
    }
    return hostNamespace == null || hostNamespace.equals(namespace);
  }
}

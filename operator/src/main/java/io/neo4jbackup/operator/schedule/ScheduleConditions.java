package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sets a schedule's standard conditions, keeping {@code lastTransitionTime} while a condition's
 * status and reason stay the same, in a fixed order (Ready, then LastBackupSucceeded).
 */
final class ScheduleConditions {

  private ScheduleConditions() {}

  static void set(
      Neo4jBackupScheduleStatus status,
      ScheduleConditionType type,
      ConditionStatus value,
      ScheduleConditionReason reason,
      String message,
      Long generation,
      Instant now) {
    List<ScheduleCondition> conditions =
        status.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getConditions());
    ScheduleCondition existing =
        conditions.stream().filter(c -> c.getType() == type).findFirst().orElse(null);
    ScheduleCondition condition = new ScheduleCondition();
    condition.setType(type);
    condition.setStatus(value);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(generation);
    condition.setLastTransitionTime(
        existing != null && existing.getStatus() == value && existing.getReason() == reason
            ? existing.getLastTransitionTime()
            : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    conditions.removeIf(c -> c.getType() == type);
    conditions.add(condition);
    conditions.sort(Comparator.comparing(ScheduleCondition::getType));
    status.setConditions(conditions);
  }
}

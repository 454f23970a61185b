package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.operator.schedule.ScheduleMetrics.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a schedule does at one reconciliation, as {@link ScheduleDecider} decides it: the status to
 * write, the changes to the cluster, the Events to record and the runs to count, and when to look
 * again.
 *
 * @param status the new status (written only when it differs from the schedule's)
 * @param actions the changes to the cluster, in order
 * @param events the Events to record on the schedule, in order
 * @param runs how many runs to count by outcome (only outcomes that happened)
 * @param drills how many restore drills to count by outcome (only outcomes that happened)
 * @param requeueAfter when to reconcile again without an event; empty while the spec is invalid
 *     (only its change can help)
 * @param needsTargetsInUse whether retention would start deleting a chain but does not know yet
 *     what the namespace writes into: decide again with {@link ScheduleInput#targetsInUse()}
 */
public record ScheduleDecision(
    Neo4jBackupScheduleStatus status,
    List<ScheduleAction> actions,
    List<Event> events,
    Map<Outcome, Long> runs,
    Map<ScheduleMetrics.Drill, Long> drills,
    Optional<Duration> requeueAfter,
    boolean needsTargetsInUse) {

  public ScheduleDecision {
    actions = List.copyOf(actions);
    events = List.copyOf(events);
    runs = Map.copyOf(runs);
    drills = Map.copyOf(drills);
  }

  /** An Event to record on the schedule: its reason (and so its type) and its message. */
  public record Event(ScheduleEvent reason, String message) {}
}

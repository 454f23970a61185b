package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;

/**
 * A schedule's spec cannot be carried out as written; the message names the field and the problem,
 * the reason is what the Ready condition reports. Retrying cannot help: the spec must change.
 */
public final class InvalidScheduleException extends RuntimeException {

  private final ScheduleConditionReason reason;

  public InvalidScheduleException(ScheduleConditionReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ScheduleConditionReason reason() {
    return reason;
  }
}

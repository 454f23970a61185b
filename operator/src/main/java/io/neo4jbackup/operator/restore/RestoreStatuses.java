package io.neo4jbackup.operator.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestoreCondition;
import io.neo4jbackup.api.v1alpha1.RestoreConditionReason;
import io.neo4jbackup.api.v1alpha1.RestoreConditionType;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.operator.Conditions;
import io.neo4jbackup.operator.job.RestoreJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A Neo4jRestore's status at each step, built in one place without I/O: each method returns a new
 * status (the resource's is never changed in place), with {@code observedGeneration} and the
 * conditions set by Kubernetes' rule ({@link Conditions}).
 */
final class RestoreStatuses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RestoreStatuses() {}

  static RestorePhase phase(Neo4jRestore restore) {
    return restore.getStatus() == null ? null : restore.getStatus().getPhase();
  }

  static boolean finished(Neo4jRestore restore) {
    RestorePhase phase = phase(restore);
    return phase == RestorePhase.Succeeded || phase == RestorePhase.Failed;
  }

  /** Whether the spec changed since the operator accepted it. */
  static boolean specChanged(Neo4jRestore restore) {
    return restore.getStatus() != null
        && restore.getStatus().getAcceptedGeneration() != null
        && restore.getMetadata().getGeneration() != null
        && !restore
            .getStatus()
            .getAcceptedGeneration()
            .equals(restore.getMetadata().getGeneration());
  }

  /** The claims the operator resolved when it accepted the restore. */
  static RestoreJob.Claims claims(Neo4jRestoreStatus status) {
    return new RestoreJob.Claims(
        status.getSourceClaim(),
        status.getSourcePath(),
        status.getSourceUri(),
        status.getDataClaim(),
        status.getDataSubPath());
  }

  /** Accepted: the spec's generation recorded, phase Pending. */
  static Neo4jRestoreStatus accepted(Neo4jRestore restore, Instant now) {
    Neo4jRestoreStatus status = copy(restore);
    status.setPhase(RestorePhase.Pending);
    status.setAcceptedGeneration(restore.getMetadata().getGeneration());
    status.setAcceptedTime(timestamp(now));
    complete(status, ConditionStatus.False, RestoreConditionReason.Pending, "Accepted", now);
    return status;
  }

  /** A copy of the current status to change (a new one when there is none). */
  static Neo4jRestoreStatus copy(Neo4jRestore restore) {
    Neo4jRestoreStatus status =
        restore.getStatus() == null
            ? new Neo4jRestoreStatus()
            : JSON.convertValue(JSON.valueToTree(restore.getStatus()), Neo4jRestoreStatus.class);
    status.setObservedGeneration(restore.getMetadata().getGeneration());
    return status;
  }

  /**
   * Moves {@code status} to {@code phase} with a Complete=False condition saying {@code message}.
   */
  static Neo4jRestoreStatus step(
      Neo4jRestoreStatus status, RestorePhase phase, String message, Instant now) {
    if (status.getPhase() != phase) {
      unstalled(status, now);
    }
    status.setPhase(phase);
    complete(
        status, ConditionStatus.False, RestoreConditionReason.valueOf(phase.name()), message, now);
    return status;
  }

  /** Records the failure; the phase is left to the caller (Failed, or Starting first). */
  static Neo4jRestoreStatus failure(
      Neo4jRestoreStatus status, RestoreFailureReason reason, String message) {
    status.setFailureReason(reason);
    status.setFailureMessage(message);
    return status;
  }

  /** The end: Succeeded, or Failed when a failure was recorded. */
  static Neo4jRestoreStatus finished(Neo4jRestoreStatus status, String message, Instant now) {
    status.setCompletionTime(timestamp(now));
    unstalled(status, now);
    if (status.getFailureReason() == null) {
      status.setPhase(RestorePhase.Succeeded);
      complete(status, ConditionStatus.True, RestoreConditionReason.Succeeded, message, now);
    } else {
      status.setPhase(RestorePhase.Failed);
      RestoreConditionReason reason = RestoreConditionReason.of(status.getFailureReason());
      complete(status, ConditionStatus.False, reason, status.getFailureMessage(), now);
      condition(
          status,
          RestoreConditionType.Failed,
          ConditionStatus.True,
          reason,
          status.getFailureMessage(),
          now);
    }
    return status;
  }

  /** The SpecChanged condition: the spec changed after it was accepted, and is ignored. */
  static Neo4jRestoreStatus specIgnored(Neo4jRestoreStatus status, String message, Instant now) {
    condition(
        status,
        RestoreConditionType.SpecChanged,
        ConditionStatus.True,
        RestoreConditionReason.SpecIgnored,
        message,
        now);
    return status;
  }

  /** The Stalled condition, True: the current step has waited long for Neo4j's pods. */
  static Neo4jRestoreStatus stalled(Neo4jRestoreStatus status, String message, Instant now) {
    condition(
        status,
        RestoreConditionType.Stalled,
        ConditionStatus.True,
        RestoreConditionReason.valueOf(status.getPhase().name()),
        message,
        now);
    return status;
  }

  /** Whether the Stalled condition is True. */
  static boolean stalled(Neo4jRestoreStatus status) {
    return status != null
        && status.getConditions() != null
        && status.getConditions().stream()
            .anyMatch(
                condition ->
                    condition.getType() == RestoreConditionType.Stalled
                        && condition.getStatus() == ConditionStatus.True);
  }

  /** A True Stalled condition becomes False: the wait it reported is over. */
  private static void unstalled(Neo4jRestoreStatus status, Instant now) {
    if (stalled(status)) {
      condition(
          status,
          RestoreConditionType.Stalled,
          ConditionStatus.False,
          RestoreConditionReason.valueOf(status.getPhase().name()),
          "The wait is over",
          now);
    }
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void complete(
      Neo4jRestoreStatus status,
      ConditionStatus value,
      RestoreConditionReason reason,
      String message,
      Instant now) {
    condition(status, RestoreConditionType.Complete, value, reason, message, now);
  }

  private static void condition(
      Neo4jRestoreStatus status,
      RestoreConditionType type,
      ConditionStatus value,
      RestoreConditionReason reason,
      String message,
      Instant now) {
    RestoreCondition condition = new RestoreCondition();
    condition.setType(type);
    condition.setStatus(value);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(status.getObservedGeneration());
    status.setConditions(Conditions.RESTORE.set(status.getConditions(), condition, now));
  }
}

package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.operator.job.RestoreJob;
import io.neo4jbackup.operator.result.RestoreMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a restore Job stands, from the Job and its pods alone (no I/O): still running (no result to
 * act on yet), or finished with what the engine reported. The Job never retries its pod.
 */
final class RestoreJobOutcome {

  private RestoreJobOutcome() {}

  /** Empty while the Job runs; else what it reported. */
  static Optional<RestoreMessage> of(Job job, List<Pod> pods) {
    boolean complete = condition(job, "Complete");
    boolean failed = condition(job, "Failed");
    Optional<ContainerStateTerminated> last = lastTerminated(pods);
    if (!complete && !failed) {
      return Optional.empty();
    }
    if (failed && "DeadlineExceeded".equals(reason(job, "Failed"))) {
      return Optional.of(
          new RestoreMessage.Failed(
              RestoreFailureReason.DeadlineExceeded,
              "The restore ran longer than spec.job.activeDeadlineSeconds ("
                  + job.getSpec().getActiveDeadlineSeconds()
                  + " s) and was stopped. "
                  + RestoreMessage.UNCHANGED));
    }
    if (last.isEmpty()) {
      return Optional.of(
          new RestoreMessage.Failed(
              RestoreFailureReason.PodLost,
              "The restore Job "
                  + job.getMetadata().getName()
                  + " finished, but its pod, whose status held the engine's result, is gone"
                  + " (deleted, evicted or lost with its node). Look at Neo4j's database once"
                  + " it runs; "
                  + RestoreMessage.UNCHANGED));
    }
    return Optional.of(RestoreMessage.read(last.get()));
  }

  private static Optional<ContainerStateTerminated> lastTerminated(List<Pod> pods) {
    return pods.stream()
        .map(RestoreJobOutcome::terminated)
        .flatMap(Optional::stream)
        .max(
            Comparator.comparing(
                t -> t.getFinishedAt() == null ? "" : t.getFinishedAt(), String::compareTo));
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(status -> RestoreJob.CONTAINER.equals(status.getName()))
        .map(status -> status.getState())
        .filter(state -> state != null)
        .map(ContainerState::getTerminated)
        .filter(terminated -> terminated != null)
        .findFirst();
  }

  private static boolean condition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String reason(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse(null);
  }
}

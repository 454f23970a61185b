package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.result.EngineResult;
import io.neo4jbackup.operator.result.TerminationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a backup's Job stands, read from the Job and its pods alone (no I/O): still running, or
 * finished with the engine's result or a fixed failure reason. A success is never reported without
 * the engine's result, which the backup container leaves as its termination message.
 */
public sealed interface JobOutcome {

  /** The Job has not finished. */
  record Running() implements JobOutcome {}

  /** The engine took the backup and described it. */
  record Succeeded(EngineResult.Succeeded result) implements JobOutcome {}

  /**
   * The backup failed, for a fixed reason, with a message a person can act on; {@code drilled} is
   * what its restore drill found when the drill failed it, else null.
   */
  record Failed(FailureReason reason, String message, DrillResult drilled) implements JobOutcome {

    /** A failure that is not a failed drill. */
    Failed(FailureReason reason, String message) {
      this(reason, message, null);
    }
  }

  /** The pod-level reasons Kubernetes gives when it took a pod away rather than it failing. */
  Set<String> LOST_POD_REASONS =
      Set.of(
          "Evicted",
          "NodeLost",
          "NodeShutdown",
          "Shutdown",
          "Terminated",
          "UnexpectedAdmissionError");

  /** What {@code job} (owned by the backup) and {@code pods} (all of its pods) say. */
  static JobOutcome of(Job job, List<Pod> pods) {
    if (condition(job, "Complete")) {
      return lastTerminated(job, pods, true)
          .map(JobOutcome::fromPod)
          .orElseGet(
              () ->
                  new Failed(
                      FailureReason.PodLost,
                      "The backup Job "
                          + job.getMetadata().getName()
                          + " completed, but its pod, whose status held the engine's result, was"
                          + " deleted before the operator read it. The target may hold a new"
                          + " backup: run a new Neo4jBackup to make sure (an incremental one"
                          + " is cheap if nothing changed)."));
    }
    Optional<JobCondition> failed = jobCondition(job, "Failed");
    if (failed.isEmpty()) {
      return new Running();
    }
    if ("DeadlineExceeded".equals(failed.get().getReason())) {
      return new Failed(
          FailureReason.DeadlineExceeded,
          "The backup ran longer than spec.job.activeDeadlineSeconds ("
              + job.getSpec().getActiveDeadlineSeconds()
              + " s) and was stopped"
              + lastPodState(pods)
              + ". The target keeps the backup it held before (a backup is published only once"
              + " complete). Create a new Neo4jBackup with a longer deadline, or find out from the"
              + " pod's logs why it was slow.");
    }
    return lastTerminated(job, pods, false)
        .map(JobOutcome::fromPod)
        .orElseGet(
            () ->
                new Failed(
                    FailureReason.PodLost,
                    "The backup pod disappeared (node lost, evicted or deleted) before the engine"
                        + " reported a result, and the Job ran out of retries"
                        + lastPodState(pods)
                        + ". The target keeps the backup it held before: create a new"
                        + " Neo4jBackup to retry."));
  }

  /** The outcome the pod that ended last reports. */
  private static JobOutcome fromPod(Pod pod) {
    ContainerStateTerminated terminated = terminated(pod).orElseThrow();
    if (lost(pod, terminated)) {
      return new Failed(
          FailureReason.PodLost,
          "The backup pod "
              + pod.getMetadata().getName()
              + " was taken away before the engine finished ("
              + describeLoss(pod, terminated)
              + "). The target keeps the backup it held before: create a new Neo4jBackup to"
              + " retry.");
    }
    EngineResult result = TerminationMessage.read(terminated);
    if (result instanceof EngineResult.Succeeded succeeded) {
      return new Succeeded(succeeded);
    }
    EngineResult.Failed failure = (EngineResult.Failed) result;
    return new Failed(failure.reason(), failure.message(), failure.drilled());
  }

  /**
   * The Job's pod whose backup container terminated last, among those that succeeded when {@code
   * succeeded}, else among all.
   */
  private static Optional<Pod> lastTerminated(Job job, List<Pod> pods, boolean succeeded) {
    return pods.stream()
        .filter(pod -> ownedBy(pod, job))
        .filter(pod -> terminated(pod).isPresent())
        .filter(pod -> !succeeded || Integer.valueOf(0).equals(terminated(pod).get().getExitCode()))
        .max(Comparator.comparing(pod -> finishedAt(terminated(pod).get())));
  }

  private static boolean ownedBy(Pod pod, Job job) {
    String uid = job.getMetadata().getUid();
    return uid == null
        || pod.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> uid.equals(owner.getUid()));
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    return container(pod).map(ContainerStatus::getState).map(ContainerState::getTerminated);
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(status -> BackupJob.CONTAINER.equals(status.getName()))
        .findFirst();
  }

  private static boolean lost(Pod pod, ContainerStateTerminated terminated) {
    String reason = pod.getStatus().getReason();
    return (reason != null && LOST_POD_REASONS.contains(reason))
        || podCondition(pod, "DisruptionTarget")
        || "ContainerStatusUnknown".equals(terminated.getReason());
  }

  private static String describeLoss(Pod pod, ContainerStateTerminated terminated) {
    if (pod.getStatus().getReason() != null) {
      return pod.getStatus().getReason()
          + (pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage());
    }
    return terminated.getReason()
        + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage());
  }

  /** How long a backup pod may be "ContainerCreating" before its backup's status calls it stuck. */
  Duration CREATING_TOO_LONG = Duration.ofSeconds(60);

  /**
   * What keeps the Job's newest pod from running the backup, for the status of a running backup: it
   * cannot be scheduled, its image cannot be pulled, its container cannot be configured (a missing
   * Secret key, say), or it has been "ContainerCreating" for longer than {@link #CREATING_TOO_LONG}
   * (a Secret or claim it mounts is missing, typically). Empty when nothing does, or not yet.
   */
  static Optional<String> stuck(List<Pod> pods, Instant now) {
    Optional<Pod> newest = newest(pods);
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    Pod pod = newest.get();
    String name = pod.getMetadata().getName();
    Optional<PodCondition> unscheduled = unscheduled(pod);
    if (unscheduled.isPresent()) {
      return Optional.of(
          "its pod "
              + name
              + " cannot be scheduled ("
              + unscheduled.get().getReason()
              + describe(unscheduled.get().getMessage())
              + ")");
    }
    Optional<ContainerStateWaiting> waiting = waiting(pod);
    if (waiting.isEmpty() || waiting.get().getReason() == null) {
      return Optional.empty();
    }
    String reason = waiting.get().getReason();
    if (!"ContainerCreating".equals(reason) && !"PodInitializing".equals(reason)) {
      return Optional.of(
          "its pod " + name + " waits (" + reason + describe(waiting.get().getMessage()) + ")");
    }
    String created = pod.getMetadata().getCreationTimestamp();
    if (created == null
        || Duration.between(Instant.parse(created), now).compareTo(CREATING_TOO_LONG) < 0) {
      return Optional.empty();
    }
    return Optional.of(
        "its pod "
            + name
            + " has been "
            + reason
            + " for more than "
            + CREATING_TOO_LONG.toSeconds()
            + " s; a Secret or PersistentVolumeClaim it mounts may be missing (kubectl describe"
            + " pod "
            + name
            + " shows why)");
  }

  private static String describe(String message) {
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  private static Optional<Pod> newest(List<Pod> pods) {
    return pods.stream()
        .filter(pod -> pod.getMetadata().getCreationTimestamp() != null)
        .max(Comparator.comparing(pod -> Instant.parse(pod.getMetadata().getCreationTimestamp())));
  }

  private static Optional<ContainerStateWaiting> waiting(Pod pod) {
    return container(pod).map(ContainerStatus::getState).map(ContainerState::getWaiting);
  }

  private static Optional<PodCondition> unscheduled(Pod pod) {
    return conditions(pod).stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst();
  }

  /** What the most recent pod was doing, for a message: its container's waiting reason, say. */
  private static String lastPodState(List<Pod> pods) {
    Optional<Pod> last = newest(pods);
    if (last.isEmpty()) {
      return "";
    }
    Optional<ContainerStateWaiting> waiting = waiting(last.get());
    if (waiting.isPresent() && waiting.get().getReason() != null) {
      return "; its pod's container was waiting ("
          + waiting.get().getReason()
          + describe(waiting.get().getMessage())
          + ")";
    }
    Optional<PodCondition> unscheduled = unscheduled(last.get());
    if (unscheduled.isPresent()) {
      return "; its pod was never scheduled ("
          + unscheduled.get().getReason()
          + describe(unscheduled.get().getMessage())
          + ")";
    }
    return "";
  }

  private static Instant finishedAt(ContainerStateTerminated terminated) {
    return terminated.getFinishedAt() == null
        ? Instant.EPOCH
        : Instant.parse(terminated.getFinishedAt());
  }

  private static boolean condition(Job job, String type) {
    return jobCondition(job, type).isPresent();
  }

  private static Optional<JobCondition> jobCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static boolean podCondition(Pod pod, String type) {
    return conditions(pod).stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of()
        : pod.getStatus().getConditions();
  }
}

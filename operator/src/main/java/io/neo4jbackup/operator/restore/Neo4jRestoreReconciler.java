package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.contract.RestoreResult;
import io.neo4jbackup.operator.EventRecorder;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.StatusWriter;
import io.neo4jbackup.operator.job.RestoreJob;
import io.neo4jbackup.operator.result.RestoreMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs each Neo4jRestore once, in steps recorded in its status before they act, so that an operator
 * restarted at any moment carries on from the step it was in: Pending (refuse what cannot work),
 * Stopping (suspend the schedules that back Neo4j up, scale its StatefulSet to 0, wait for its pods
 * to be gone), Restoring (one Job runs the engine's restore), Starting (scale the StatefulSet back
 * to its recorded replicas, wait for them ready, resume the schedules it suspended), then Succeeded
 * or Failed. Every failure after Stopping goes through Starting: Neo4j is never left scaled down
 * silently. Waiting never blocks a thread: the reconciliation is rescheduled. Deleting the resource
 * midway (a finalizer) waits for a running restore Job, then brings Neo4j and the schedules back.
 */
public class Neo4jRestoreReconciler implements Reconciler<Neo4jRestore>, Cleaner<Neo4jRestore> {

  /** How often a restore waiting for pods to stop or be ready looks again. */
  static final Duration WAITING_RECHECK = Duration.ofSeconds(2);

  /** How long a wait for Neo4j's pods to stop or be ready lasts before it is reported stalled. */
  static final Duration STALLED = Duration.ofMinutes(10);

  /** How often a running restore Job is looked at again. */
  static final Duration RUNNING_RECHECK = Duration.ofSeconds(5);

  private final OperatorConfig config;
  private final Clock clock;

  public Neo4jRestoreReconciler(OperatorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Neo4jRestore> reconcile(
      Neo4jRestore restore, Context<Neo4jRestore> context) {
    if (RestoreStatuses.finished(restore)) {
      return UpdateControl.noUpdate();
    }
    if (RestoreStatuses.phase(restore) == null) {
      restore = save(restore, RestoreStatuses.accepted(restore, clock.instant()), context);
    }
    if (RestoreStatuses.specChanged(restore)) {
      Optional<UpdateControl<Neo4jRestore>> refused = specChanged(restore, context);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    return switch (RestoreStatuses.phase(restore)) {
      case Pending -> check(restore, context);
      case Stopping -> stop(restore, context);
      case Restoring -> follow(restore, context);
      case Starting -> start(restore, context);
      default -> UpdateControl.noUpdate();
    };
  }

  /** Pending: refuses what cannot work, else goes on to Stopping with the claims resolved. */
  private UpdateControl<Neo4jRestore> check(Neo4jRestore restore, Context<Neo4jRestore> context) {
    RestoreJob.Claims claims;
    try {
      claims = RestoreChecks.claims(restore, context.getClient());
    } catch (Refusal refusal) {
      return fail(restore, refusal.reason(), refusal.getMessage(), context);
    }
    Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
    status.setSource(
        claims.sourceUri() != null
            ? claims.sourceUri()
            : claims.sourceClaim() + ":" + claims.sourcePath());
    status.setSourceClaim(claims.sourceClaim());
    status.setSourcePath(claims.sourcePath());
    status.setSourceUri(claims.sourceUri());
    status.setDataClaim(claims.dataClaim());
    status.setDataSubPath(claims.subPath());
    return stop(save(restore, status, context), context);
  }

  /**
   * Stopping: records the replicas and the schedules it suspends (first, so that a restart resumes
   * exactly those), suspends them, scales the StatefulSet to 0 and waits for its pods to be gone.
   */
  private UpdateControl<Neo4jRestore> stop(Neo4jRestore restore, Context<Neo4jRestore> context) {
    StatefulSet statefulSet = Neo4jControls.statefulSet(restore, context.getClient());
    if (statefulSet == null) {
      return fail(
          restore,
          RestoreFailureReason.TargetNotFound,
          Neo4jControls.statefulSetGone(restore),
          context);
    }
    if (RestoreStatuses.phase(restore) != RestorePhase.Stopping) {
      int replicas = Neo4jStatefulSet.replicas(statefulSet);
      List<String> schedules = Neo4jControls.schedulesToSuspend(restore, context.getClient());
      Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
      status.setReplicas(replicas);
      status.setSuspendedSchedules(schedules);
      status.setStoppingTime(RestoreStatuses.timestamp(clock.instant()));
      String message =
          "Stopping Neo4j: StatefulSet "
              + name(statefulSet)
              + " scaled from "
              + replicas
              + " to 0"
              + (schedules.isEmpty() ? "" : ", schedules " + schedules + " suspended");
      restore =
          save(
              restore,
              RestoreStatuses.step(status, RestorePhase.Stopping, message, clock.instant()),
              context);
      events(context).record(restore, RestoreEvent.RestoreStopping, message);
    }
    for (String schedule : restore.getStatus().getSuspendedSchedules()) {
      Neo4jControls.suspend(restore, schedule, true, context.getClient());
    }
    Neo4jControls.scale(statefulSet, 0, context.getClient());
    List<String> running = Neo4jControls.pods(statefulSet, context.getClient());
    if (!running.isEmpty()) {
      saveWaiting(
          restore,
          RestorePhase.Stopping,
          "Waiting for the pods of StatefulSet " + name(statefulSet) + " to stop: " + running,
          restore.getStatus().getStoppingTime(),
          context);
      return UpdateControl.<Neo4jRestore>noUpdate().rescheduleAfter(WAITING_RECHECK);
    }
    return createJob(restore, context);
  }

  /** Restoring: the Job, created once; its name in the status says it was. */
  private UpdateControl<Neo4jRestore> createJob(
      Neo4jRestore restore, Context<Neo4jRestore> context) {
    Job desired;
    try {
      desired = RestoreJob.desired(restore, RestoreStatuses.claims(restore.getStatus()), config);
    } catch (InvalidSpecException e) {
      return fail(restore, RestoreFailureReason.InvalidSpec, e.getMessage(), context);
    }
    Job job;
    try {
      job = create(desired, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      return fail(
          restore,
          RestoreFailureReason.InvalidSpec,
          "Kubernetes refused the restore Job built from the spec: " + e.getMessage(),
          context);
    }
    if (!ownedBy(job, restore)) {
      return fail(
          restore,
          RestoreFailureReason.JobFailed,
          "A Job named "
              + RestoreJob.name(restore)
              + " exists in this namespace but does not belong to this Neo4jRestore: delete it,"
              + " or restore with a Neo4jRestore of another name.",
          context);
    }
    Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
    status.setJobName(job.getMetadata().getName());
    status.setRestoringTime(RestoreStatuses.timestamp(clock.instant()));
    String message =
        "Restore Job "
            + job.getMetadata().getName()
            + " started: "
            + restore.getStatus().getSource()
            + " into claim "
            + restore.getStatus().getDataClaim();
    restore =
        save(
            restore,
            RestoreStatuses.step(status, RestorePhase.Restoring, message, clock.instant()),
            context);
    events(context).record(restore, RestoreEvent.RestoreRestoring, message);
    return UpdateControl.<Neo4jRestore>noUpdate().rescheduleAfter(RUNNING_RECHECK);
  }

  /** Restoring: waits for the Job, then records what the engine reported and starts Neo4j. */
  private UpdateControl<Neo4jRestore> follow(Neo4jRestore restore, Context<Neo4jRestore> context) {
    Job job = job(restore, context);
    if (job == null) {
      return fail(
          restore,
          RestoreFailureReason.PodLost,
          "The restore Job "
              + restore.getStatus().getJobName()
              + " was deleted before it reported a result. "
              + RestoreMessage.UNCHANGED,
          context);
    }
    Optional<RestoreMessage> outcome = RestoreJobOutcome.of(job, jobPods(job, context));
    if (outcome.isEmpty()) {
      return UpdateControl.<Neo4jRestore>noUpdate().rescheduleAfter(RUNNING_RECHECK);
    }
    if (outcome.get() instanceof RestoreMessage.Failed failed) {
      return fail(restore, failed.reason(), failed.message(), context);
    }
    RestoreResult result = ((RestoreMessage.Restored) outcome.get()).result();
    Neo4jControls.markRestored(
        restore,
        restore.getStatus().getRestoringTime() == null
            ? clock.instant()
            : Instant.parse(restore.getStatus().getRestoringTime()),
        context.getClient());
    Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
    status.setDatabase(result.database());
    status.setLastTransactionId(result.lastTxId());
    status.setLastCommitTime(
        result.lastCommitTime() == null ? null : result.lastCommitTime().toString());
    status.setKeptAside(result.keptAside());
    status.setVerified(result.verified());
    return start(
        toStarting(
            restore,
            status,
            "Restored database "
                + result.database()
                + " to transaction "
                + result.lastTxId()
                + "; starting Neo4j",
            context),
        context);
  }

  /** Starting: scales back, waits for ready pods, resumes the schedules, and finishes. */
  private UpdateControl<Neo4jRestore> start(Neo4jRestore restore, Context<Neo4jRestore> context) {
    Neo4jRestoreStatus recorded = restore.getStatus();
    int replicas = recorded.getReplicas() == null ? 0 : recorded.getReplicas();
    StatefulSet statefulSet = Neo4jControls.statefulSet(restore, context.getClient());
    if (statefulSet == null) {
      Neo4jControls.resumeSchedules(restore, context.getClient());
      Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
      if (status.getFailureReason() == null) {
        RestoreStatuses.failure(
            status, RestoreFailureReason.TargetNotFound, Neo4jControls.statefulSetGone(restore));
      }
      return finish(restore, status, context);
    }
    Neo4jControls.scale(statefulSet, replicas, context.getClient());
    if (!Neo4jStatefulSet.ready(statefulSet, replicas)) {
      saveWaiting(
          restore,
          RestorePhase.Starting,
          "Waiting for StatefulSet "
              + name(statefulSet)
              + " to have "
              + replicas
              + " ready replica(s)"
              + (recorded.getFailureReason() == null
                  ? ""
                  : " after the restore failed (" + recorded.getFailureReason() + ")"),
          recorded.getStartingTime(),
          context);
      return UpdateControl.<Neo4jRestore>noUpdate().rescheduleAfter(WAITING_RECHECK);
    }
    Neo4jControls.resumeSchedules(restore, context.getClient());
    return finish(restore, RestoreStatuses.copy(restore), context);
  }

  /**
   * Saves a step that waits for Neo4j's pods. A wait never times out (giving up would leave Neo4j
   * stopped, or stop it again), but once it has lasted {@link #STALLED} it is not silent: a Stalled
   * condition and a Warning Event, once, say what it waits for and where to look.
   */
  private void saveWaiting(
      Neo4jRestore restore,
      RestorePhase phase,
      String message,
      String since,
      Context<Neo4jRestore> context) {
    Instant now = clock.instant();
    Neo4jRestoreStatus status =
        RestoreStatuses.step(RestoreStatuses.copy(restore), phase, message, now);
    Duration waited = since == null ? Duration.ZERO : Duration.between(Instant.parse(since), now);
    if (waited.compareTo(STALLED) < 0 || RestoreStatuses.stalled(restore.getStatus())) {
      save(restore, status, context);
      return;
    }
    String warning =
        message
            + " for "
            + waited.toMinutes()
            + " minutes; the restore keeps waiting. Look at the pods of StatefulSet "
            + restore.getSpec().getTarget().getStatefulSet()
            + " and their events (kubectl describe pod "
            + restore.getSpec().getTarget().getStatefulSet()
            + "-0).";
    Neo4jRestore updated = save(restore, RestoreStatuses.stalled(status, warning, now), context);
    events(context).record(updated, RestoreEvent.RestoreStalled, warning);
  }

  /** The last step: Succeeded, or Failed with the reason recorded. */
  private UpdateControl<Neo4jRestore> finish(
      Neo4jRestore restore, Neo4jRestoreStatus status, Context<Neo4jRestore> context) {
    String message =
        status.getFailureReason() == null
            ? "Restored database "
                + status.getDatabase()
                + " from "
                + status.getSource()
                + " to transaction "
                + status.getLastTransactionId()
                + (status.getLastCommitTime() == null
                    ? ""
                    : " (committed " + status.getLastCommitTime() + ")")
                + "; Neo4j runs again"
            : status.getFailureReason() + ": " + status.getFailureMessage();
    Neo4jRestoreStatus finished = RestoreStatuses.finished(status, message, clock.instant());
    Neo4jRestore updated = save(restore, finished, context);
    events(context)
        .record(
            updated,
            finished.getFailureReason() == null
                ? RestoreEvent.RestoreSucceeded
                : RestoreEvent.RestoreFailed,
            message);
    return UpdateControl.noUpdate();
  }

  /**
   * A failure: before Stopping nothing was changed, so the restore fails at once; after it, Neo4j
   * and the schedules are started again first (Starting).
   */
  private UpdateControl<Neo4jRestore> fail(
      Neo4jRestore restore,
      RestoreFailureReason reason,
      String message,
      Context<Neo4jRestore> context) {
    Neo4jRestoreStatus status =
        RestoreStatuses.failure(RestoreStatuses.copy(restore), reason, message);
    if (RestoreStatuses.phase(restore) == RestorePhase.Pending) {
      return finish(restore, status, context);
    }
    return start(
        toStarting(
            restore, status, "The restore failed (" + reason + "); starting Neo4j again", context),
        context);
  }

  private Neo4jRestore toStarting(
      Neo4jRestore restore,
      Neo4jRestoreStatus status,
      String message,
      Context<Neo4jRestore> context) {
    status.setStartingTime(RestoreStatuses.timestamp(clock.instant()));
    Neo4jRestore updated =
        save(
            restore,
            RestoreStatuses.step(status, RestorePhase.Starting, message, clock.instant()),
            context);
    events(context).record(updated, RestoreEvent.RestoreStarting, message);
    return updated;
  }

  /**
   * The spec changed after it was accepted: refused (the restore fails) while no Job exists, since
   * what would run is no longer what was asked; ignored once the Job runs from the accepted spec.
   */
  private Optional<UpdateControl<Neo4jRestore>> specChanged(
      Neo4jRestore restore, Context<Neo4jRestore> context) {
    String changed =
        "The spec was changed (generation "
            + restore.getMetadata().getGeneration()
            + ") after the operator accepted generation "
            + restore.getStatus().getAcceptedGeneration()
            + "; a Neo4jRestore's spec cannot change: create a new Neo4jRestore.";
    if (restore.getStatus().getJobName() == null
        && RestoreStatuses.phase(restore) != RestorePhase.Starting) {
      return Optional.of(fail(restore, RestoreFailureReason.SpecChanged, changed, context));
    }
    Neo4jRestoreStatus status =
        RestoreStatuses.specIgnored(
            RestoreStatuses.copy(restore),
            changed
                + " The restore Job already runs from the accepted spec; the change is ignored.",
            clock.instant());
    boolean first =
        restore.getStatus().getConditions() == null
            || restore.getStatus().getConditions().stream()
                .noneMatch(
                    c ->
                        c.getType()
                            == io.neo4jbackup.api.v1alpha1.RestoreConditionType.SpecChanged);
    Neo4jRestore updated = save(restore, status, context);
    if (first) {
      events(context).record(updated, RestoreEvent.SpecChangeIgnored, changed);
    }
    return Optional.empty();
  }

  /** Deleted: waits for a running restore Job, then brings Neo4j and the schedules back. */
  @Override
  public DeleteControl cleanup(Neo4jRestore restore, Context<Neo4jRestore> context) {
    RestorePhase phase = RestoreStatuses.phase(restore);
    if (phase == null || phase == RestorePhase.Pending || RestoreStatuses.finished(restore)) {
      return DeleteControl.defaultDelete();
    }
    Job job = job(restore, context);
    if (job != null
        && ownedBy(job, restore)
        && RestoreJobOutcome.of(job, jobPods(job, context)).isEmpty()) {
      // Never kill a restore mid-rename: the engine undoes a failed restore only if it runs on.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RUNNING_RECHECK);
    }
    StatefulSet statefulSet = Neo4jControls.statefulSet(restore, context.getClient());
    Integer replicas = restore.getStatus().getReplicas();
    if (statefulSet != null && replicas != null) {
      Neo4jControls.scale(statefulSet, replicas, context.getClient());
    }
    Neo4jControls.resumeSchedules(restore, context.getClient());
    events(context)
        .record(
            restore,
            RestoreEvent.RestoreAborted,
            "Neo4jRestore deleted in phase "
                + phase
                + ": StatefulSet "
                + restore.getSpec().getTarget().getStatefulSet()
                + " scaled back to "
                + replicas
                + ", schedules resumed: "
                + restore.getStatus().getSuspendedSchedules());
    return DeleteControl.defaultDelete();
  }

  // ---- reading and writing ----

  private static Job job(Neo4jRestore restore, Context<Neo4jRestore> context) {
    return context
        .getClient()
        .batch()
        .v1()
        .jobs()
        .inNamespace(restore.getMetadata().getNamespace())
        .withName(RestoreJob.name(restore))
        .get();
  }

  private static List<Pod> jobPods(Job job, Context<Neo4jRestore> context) {
    return context
        .getClient()
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  /** Creates the Job; one that already exists (an earlier attempt created it) is returned. */
  private static Job create(Job desired, Context<Neo4jRestore> context) {
    KubernetesClient client = context.getClient();
    try {
      return client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Job existing = client.resource(desired).get();
      if (existing == null) {
        throw e;
      }
      return existing;
    }
  }

  private static boolean ownedBy(Job job, Neo4jRestore restore) {
    String uid = restore.getMetadata().getUid();
    return job.getMetadata().getOwnerReferences() != null
        && job.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  private Neo4jRestore save(
      Neo4jRestore restore, Neo4jRestoreStatus status, Context<Neo4jRestore> context) {
    return StatusWriter.write(restore, status, context).orElse(restore);
  }

  private static String name(StatefulSet statefulSet) {
    return statefulSet.getMetadata().getName();
  }

  private EventRecorder events(Context<Neo4jRestore> context) {
    return new EventRecorder(context.getClient(), clock);
  }
}

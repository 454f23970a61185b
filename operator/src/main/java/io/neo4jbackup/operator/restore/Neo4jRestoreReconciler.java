package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.contract.RestoreResult;
import io.neo4jbackup.operator.EventRecorder;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.StatusWriter;
import io.neo4jbackup.operator.job.RestoreJob;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.RestoreMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
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
      claims = resolve(restore, context);
    } catch (Refusal refusal) {
      return fail(restore, refusal.reason(), refusal.getMessage(), context);
    }
    Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
    status.setSource(claims.sourceClaim() + ":" + claims.sourcePath());
    status.setSourceClaim(claims.sourceClaim());
    status.setSourcePath(claims.sourcePath());
    status.setDataClaim(claims.dataClaim());
    status.setDataSubPath(claims.subPath());
    return stop(save(restore, status, context), context);
  }

  /**
   * Stopping: records the replicas and the schedules it suspends (first, so that a restart resumes
   * exactly those), suspends them, scales the StatefulSet to 0 and waits for its pods to be gone.
   */
  private UpdateControl<Neo4jRestore> stop(Neo4jRestore restore, Context<Neo4jRestore> context) {
    StatefulSet statefulSet = statefulSet(restore, context);
    if (statefulSet == null) {
      return fail(restore, RestoreFailureReason.TargetNotFound, statefulSetGone(restore), context);
    }
    if (RestoreStatuses.phase(restore) != RestorePhase.Stopping) {
      int replicas = Neo4jStatefulSet.replicas(statefulSet);
      List<String> schedules = schedulesToSuspend(restore, context);
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
      suspend(restore, schedule, true, context);
    }
    scale(statefulSet, 0, context);
    List<String> running = pods(statefulSet, context);
    if (!running.isEmpty()) {
      Neo4jRestoreStatus waiting =
          RestoreStatuses.step(
              RestoreStatuses.copy(restore),
              RestorePhase.Stopping,
              "Waiting for the pods of StatefulSet " + name(statefulSet) + " to stop: " + running,
              clock.instant());
      save(restore, waiting, context);
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
    StatefulSet statefulSet = statefulSet(restore, context);
    if (statefulSet == null) {
      resumeSchedules(restore, context);
      Neo4jRestoreStatus status = RestoreStatuses.copy(restore);
      if (status.getFailureReason() == null) {
        RestoreStatuses.failure(
            status, RestoreFailureReason.TargetNotFound, statefulSetGone(restore));
      }
      return finish(restore, status, context);
    }
    scale(statefulSet, replicas, context);
    if (!Neo4jStatefulSet.ready(statefulSet, replicas)) {
      save(
          restore,
          RestoreStatuses.step(
              RestoreStatuses.copy(restore),
              RestorePhase.Starting,
              "Waiting for StatefulSet "
                  + name(statefulSet)
                  + " to have "
                  + replicas
                  + " ready replica(s)"
                  + (recorded.getFailureReason() == null
                      ? ""
                      : " after the restore failed (" + recorded.getFailureReason() + ")"),
              clock.instant()),
          context);
      return UpdateControl.<Neo4jRestore>noUpdate().rescheduleAfter(WAITING_RECHECK);
    }
    resumeSchedules(restore, context);
    return finish(restore, RestoreStatuses.copy(restore), context);
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
    StatefulSet statefulSet = statefulSet(restore, context);
    Integer replicas = restore.getStatus().getReplicas();
    if (statefulSet != null && replicas != null) {
      scale(statefulSet, replicas, context);
    }
    resumeSchedules(restore, context);
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

  // ---- Pending: what is refused ----

  private RestoreJob.Claims resolve(Neo4jRestore restore, Context<Neo4jRestore> context)
      throws Refusal {
    Neo4jRestoreSpec spec = restore.getSpec();
    if (spec == null
        || spec.getSource() == null
        || spec.getTarget() == null
        || spec.getTarget().getStatefulSet() == null) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec, "spec.source and spec.target.statefulSet are required");
    }
    RestoreSource source = spec.getSource();
    boolean byBackup = source.getBackup() != null;
    boolean byClaim = source.getClaimName() != null && source.getPath() != null;
    if (byBackup == byClaim
        || (byBackup && (source.getClaimName() != null || source.getPath() != null))) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec,
          "spec.source needs either backup, or claimName and path (not both)");
    }
    if (source.getUntil() != null && source.getUntilTransaction() != null) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec,
          "spec.source: give until or untilTransaction, not both");
    }
    String namespace = restore.getMetadata().getNamespace();
    KubernetesClient client = context.getClient();
    String claim = source.getClaimName();
    String path = source.getPath();
    if (byBackup) {
      Neo4jBackup backup =
          client
              .resources(Neo4jBackup.class)
              .inNamespace(namespace)
              .withName(source.getBackup())
              .get();
      if (backup == null) {
        throw new Refusal(
            RestoreFailureReason.SourceNotFound,
            "Neo4jBackup "
                + source.getBackup()
                + " (spec.source.backup) does not exist in namespace "
                + namespace);
      }
      if (backup.getStatus() == null || backup.getStatus().getPhase() != BackupPhase.Succeeded) {
        throw new Refusal(
            RestoreFailureReason.SourceNotReady,
            "Neo4jBackup "
                + source.getBackup()
                + " is "
                + (backup.getStatus() == null ? "Pending" : backup.getStatus().getPhase())
                + ", not Succeeded: restore a backup that succeeded.");
      }
      claim = backup.getSpec().getTarget().getClaimName();
      path = backup.getSpec().getTarget().getPath();
    }
    try {
      RestoreJob.arguments(spec, path);
    } catch (InvalidSpecException e) {
      throw new Refusal(RestoreFailureReason.InvalidSpec, e.getMessage());
    }
    if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
      throw new Refusal(
          RestoreFailureReason.SourceNotFound,
          "The PersistentVolumeClaim "
              + claim
              + " holding the backup does not exist in namespace "
              + namespace);
    }
    refuseWhileWritten(namespace, TargetPath.of(claim, path), client);
    StatefulSet statefulSet = statefulSet(restore, context);
    if (statefulSet == null) {
      throw new Refusal(RestoreFailureReason.TargetNotFound, statefulSetGone(restore));
    }
    Neo4jStatefulSet.DataVolume data;
    try {
      data = Neo4jStatefulSet.dataVolume(statefulSet);
    } catch (Neo4jStatefulSet.Unsupported e) {
      throw new Refusal(RestoreFailureReason.UnsupportedTarget, e.getMessage());
    }
    if (client.persistentVolumeClaims().inNamespace(namespace).withName(data.claim()).get()
        == null) {
      throw new Refusal(
          RestoreFailureReason.TargetNotFound,
          "Neo4j's data claim "
              + data.claim()
              + " (pod 0 of StatefulSet "
              + name(statefulSet)
              + ") does not exist: start Neo4j once so that it is created, or restore by hand.");
    }
    refuseWhileAnotherRestore(restore, client);
    return new RestoreJob.Claims(claim, path, data.claim(), data.subPath());
  }

  /** A backup still writing into the chain (or a directory nested with it) is refused. */
  private static void refuseWhileWritten(
      String namespace, TargetPath source, KubernetesClient client) throws Refusal {
    for (Neo4jBackup backup :
        client.resources(Neo4jBackup.class).inNamespace(namespace).list().getItems()) {
      if (backup.getStatus() == null
          || backup.getStatus().getPhase() != BackupPhase.Running
          || backup.getSpec() == null
          || backup.getSpec().getTarget() == null) {
        continue;
      }
      TargetPath written;
      try {
        written = TargetPath.of(backup.getSpec().getTarget());
      } catch (InvalidSpecException e) {
        continue;
      }
      if (written.overlaps(source)) {
        throw new Refusal(
            RestoreFailureReason.SourceBusy,
            "Neo4jBackup "
                + backup.getMetadata().getName()
                + " is still writing into "
                + written.claim()
                + ":"
                + written.path()
                + ", the backup to restore or a directory nested with it: retry with a new"
                + " Neo4jRestore once it has finished (suspend its schedule to keep others out).");
      }
    }
  }

  /** Of two unfinished restores of one StatefulSet, the one under way, else the older, goes on. */
  private static void refuseWhileAnotherRestore(Neo4jRestore restore, KubernetesClient client)
      throws Refusal {
    String statefulSet = restore.getSpec().getTarget().getStatefulSet();
    Comparator<Neo4jRestore> order =
        Comparator.comparing(
                (Neo4jRestore r) -> String.valueOf(r.getMetadata().getCreationTimestamp()))
            .thenComparing(r -> r.getMetadata().getName());
    for (Neo4jRestore other :
        client
            .resources(Neo4jRestore.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .list()
            .getItems()) {
      if (other.getMetadata().getUid().equals(restore.getMetadata().getUid())
          || other.getSpec() == null
          || other.getSpec().getTarget() == null
          || !statefulSet.equals(other.getSpec().getTarget().getStatefulSet())
          || RestoreStatuses.finished(other)) {
        continue;
      }
      RestorePhase phase = RestoreStatuses.phase(other);
      boolean underWay = phase != null && phase != RestorePhase.Pending;
      if (underWay || order.compare(other, restore) < 0) {
        throw new Refusal(
            RestoreFailureReason.TargetBusy,
            "Neo4jRestore "
                + other.getMetadata().getName()
                + " has not finished restoring into StatefulSet "
                + statefulSet
                + ": one restore at a time. Create a new Neo4jRestore once it has finished.");
      }
    }
  }

  // ---- Stopping and Starting: the StatefulSet and the schedules ----

  private List<String> schedulesToSuspend(Neo4jRestore restore, Context<Neo4jRestore> context) {
    String namespace = restore.getMetadata().getNamespace();
    List<Neo4jBackupSchedule> active =
        context
            .getClient()
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

  private void resumeSchedules(Neo4jRestore restore, Context<Neo4jRestore> context) {
    List<String> schedules = restore.getStatus().getSuspendedSchedules();
    if (schedules != null) {
      for (String schedule : schedules) {
        suspend(restore, schedule, false, context);
      }
    }
  }

  /**
   * Sets a schedule's spec.suspend (a merge patch; a schedule deleted meanwhile is passed over).
   */
  private static void suspend(
      Neo4jRestore restore, String schedule, boolean suspend, Context<Neo4jRestore> context) {
    var resource =
        context
            .getClient()
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .withName(schedule);
    Neo4jBackupSchedule current = resource.get();
    if (current == null
        || Boolean.valueOf(suspend).equals(current.getSpec().getSuspend())
        || (!suspend && current.getSpec().getSuspend() == null)) {
      return;
    }
    resource.patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
  }

  private static void scale(StatefulSet statefulSet, int replicas, Context<Neo4jRestore> context) {
    if (Integer.valueOf(replicas).equals(statefulSet.getSpec().getReplicas())) {
      return;
    }
    context
        .getClient()
        .apps()
        .statefulSets()
        .inNamespace(statefulSet.getMetadata().getNamespace())
        .withName(name(statefulSet))
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  /** The names of the StatefulSet's pods that still exist. */
  private static List<String> pods(StatefulSet statefulSet, Context<Neo4jRestore> context) {
    var selector = statefulSet.getSpec().getSelector();
    var pods = context.getClient().pods().inNamespace(statefulSet.getMetadata().getNamespace());
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

  // ---- reading and writing ----

  private static StatefulSet statefulSet(Neo4jRestore restore, Context<Neo4jRestore> context) {
    return context
        .getClient()
        .apps()
        .statefulSets()
        .inNamespace(restore.getMetadata().getNamespace())
        .withName(restore.getSpec().getTarget().getStatefulSet())
        .get();
  }

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

  private static String statefulSetGone(Neo4jRestore restore) {
    return "StatefulSet "
        + restore.getSpec().getTarget().getStatefulSet()
        + " (spec.target.statefulSet) does not exist in namespace "
        + restore.getMetadata().getNamespace();
  }

  private static String name(StatefulSet statefulSet) {
    return statefulSet.getMetadata().getName();
  }

  private EventRecorder events(Context<Neo4jRestore> context) {
    return new EventRecorder(context.getClient(), clock);
  }
}

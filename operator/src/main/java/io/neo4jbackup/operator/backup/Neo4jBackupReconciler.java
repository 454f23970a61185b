package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.operator.EventRecorder;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.StatusWriter;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Neo4jBackup once, in a Job named after it, and reports the outcome in its status.
 *
 * <p>The Job's name is the backup's own, so an operator restarted at any moment finds the Job it
 * created rather than creating a second; the engine's result is read from the pod's status
 * (termination message), which outlives the pod's logs and the operator. A finished backup
 * (Succeeded or Failed) never runs again. A Job that disappears before it finished fails the backup
 * with PodLost. Deleting a Neo4jBackup deletes its Job (the owner reference lets the garbage
 * collector do the same), never the backup files.
 */
public class Neo4jBackupReconciler implements Reconciler<Neo4jBackup> {

  /** How often a backup waiting for its target looks again (it also wakes on its own events). */
  static final Duration WAITING_RECHECK = Duration.ofSeconds(3);

  /** How often a running backup's pods are looked at again without an event. */
  static final Duration RUNNING_RECHECK = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(Neo4jBackupReconciler.class);

  private final OperatorConfig config;
  private final BackupMetrics metrics;
  private final Clock clock;
  private InformerEventSource<Job, Neo4jBackup> jobs;
  private InformerEventSource<Pod, Neo4jBackup> pods;
  private InformerEventSource<Pod, Neo4jBackup> readers;

  public Neo4jBackupReconciler(OperatorConfig config, BackupMetrics metrics, Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Neo4jBackup>> prepareEventSources(
      EventSourceContext<Neo4jBackup> context) {
    var jobConfiguration =
        InformerEventSourceConfiguration.from(Job.class, Neo4jBackup.class)
            .withLabelSelector(BackupJob.BACKUP_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Neo4jBackup.class))
            .withNamespacesInheritedFromController()
            .build();
    var podConfiguration =
        InformerEventSourceConfiguration.from(Pod.class, Neo4jBackup.class)
            .withLabelSelector(BackupJob.BACKUP_LABEL)
            .withSecondaryToPrimaryMapper(
                (Pod pod) ->
                    Set.of(
                        new ResourceID(
                            pod.getMetadata().getLabels().get(BackupJob.BACKUP_LABEL),
                            pod.getMetadata().getNamespace())))
            .withNamespacesInheritedFromController()
            .build();
    // Drill and restore pods read backup directories; a backup into one waits for them (it looks
    // again every few seconds while it waits, so their events need not wake it).
    var readerConfiguration =
        InformerEventSourceConfiguration.from(Pod.class, Neo4jBackup.class)
            .withName("readers")
            .withLabelSelector(BackupJob.READER_LABEL)
            .withSecondaryToPrimaryMapper((Pod pod) -> Set.of())
            .withNamespacesInheritedFromController()
            .build();
    jobs = new InformerEventSource<>(jobConfiguration, context);
    pods = new InformerEventSource<>(podConfiguration, context);
    readers = new InformerEventSource<>(readerConfiguration, context);
    return List.of(jobs, pods, readers);
  }

  @Override
  public UpdateControl<Neo4jBackup> reconcile(Neo4jBackup backup, Context<Neo4jBackup> context) {
    if (context.isPrimaryResourceDeleted()) {
      deleteJob(backup, context);
      return UpdateControl.noUpdate();
    }
    if (BackupStatuses.finished(backup)) {
      StatusWriter.write(backup, BackupStatuses.observed(backup), context);
      return UpdateControl.noUpdate();
    }
    Optional<Job> job = job(backup, context);
    if (job.isPresent() && !ownedBy(job.get(), backup)) {
      return waitForForeignJob(backup, context);
    }
    if (job.isPresent()) {
      return follow(backup, job.get(), context);
    }
    if (BackupStatuses.started(backup)) {
      return fail(backup, FailureReason.PodLost, jobDeleted(backup), context);
    }
    return start(backup, context);
  }

  /** Creates the Job, unless the spec cannot run, another backup holds the target, or no claim. */
  private UpdateControl<Neo4jBackup> start(Neo4jBackup backup, Context<Neo4jBackup> context) {
    Job desired;
    try {
      desired = BackupJob.desired(backup, config);
    } catch (InvalidSpecException e) {
      return fail(backup, FailureReason.InvalidSpec, e.getMessage(), context);
    }
    String namespace = backup.getMetadata().getNamespace();
    List<Neo4jBackup> namespaceBackups = context.getPrimaryCache().list(namespace).toList();
    Optional<Neo4jBackup> nested = TargetQueue.nested(backup, namespaceBackups);
    if (nested.isPresent()) {
      return fail(backup, FailureReason.InvalidSpec, nestedTarget(backup, nested.get()), context);
    }
    Optional<Neo4jBackup> holder = TargetQueue.waitsFor(backup, namespaceBackups);
    if (holder.isPresent()) {
      return waitForTarget(backup, holder.get(), context);
    }
    Optional<Pod> lingering =
        TargetQueue.lingeringPod(
            backup,
            java.util.stream.Stream.concat(
                    pods.list(namespace, pod -> true), readers.list(namespace, pod -> true))
                .toList());
    if (lingering.isPresent()) {
      return waitFor(
          backup,
          BackupConditionReason.TargetBusy,
          "Waiting for pod "
              + lingering.get().getMetadata().getName()
              + " "
              + TargetQueue.use(lingering.get())
              + ", the same as or nested with this backup's target ("
              + describe(backup)
              + "); this backup starts when that pod has ended.",
          context);
    }
    Optional<String> missing = missingClaim(backup, context);
    if (missing.isPresent()) {
      return fail(
          backup,
          FailureReason.TargetNotFound,
          "The PersistentVolumeClaim "
              + missing.get()
              + " does not exist in namespace "
              + namespace
              + ": create it, then create a new Neo4jBackup.",
          context);
    }
    Job job;
    try {
      job = create(desired, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      return fail(
          backup,
          FailureReason.InvalidSpec,
          "Kubernetes refused the backup Job built from the spec: " + e.getMessage(),
          context);
    }
    return ownedBy(job, backup) ? follow(backup, job, context) : waitForForeignJob(backup, context);
  }

  /**
   * The claim the backup mounts that does not exist, with the field naming it: the target claim, or
   * an object store's work claim.
   */
  private static Optional<String> missingClaim(Neo4jBackup backup, Context<Neo4jBackup> context) {
    var target = backup.getSpec().getTarget();
    String claim = target.getClaimName();
    String field = "spec.target.claimName";
    if (target.getObjectStore() != null && target.getObjectStore().getWorkVolume() != null) {
      claim = target.getObjectStore().getWorkVolume().getClaimName();
      field = "spec.target.objectStore.workVolume.claimName";
    }
    if (claim == null) {
      return Optional.empty();
    }
    String namespace = backup.getMetadata().getNamespace();
    return context.getClient().persistentVolumeClaims().inNamespace(namespace).withName(claim).get()
            == null
        ? Optional.of(claim + " (" + field + ")")
        : Optional.empty();
  }

  /** Reports where the Job stands: still running, or finished with its result. */
  private UpdateControl<Neo4jBackup> follow(
      Neo4jBackup backup, Job job, Context<Neo4jBackup> context) {
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    JobOutcome outcome = JobOutcome.of(job, pods);
    if (outcome instanceof JobOutcome.Failed failed && failed.reason() == FailureReason.PodLost) {
      // Jobs and pods come through separate watches, so the Job's end can arrive before the pod
      // status that holds the engine's result: ask the API before calling the pod lost.
      outcome = JobOutcome.of(job, podsFromApi(job, context));
    }
    if (!(outcome instanceof JobOutcome.Running)) {
      return finish(backup, outcome, job, context);
    }
    boolean wasRunning =
        backup.getStatus() != null && backup.getStatus().getPhase() == BackupPhase.Running;
    Optional<String> stuck = JobOutcome.stuck(pods, clock.instant());
    Neo4jBackupStatus running =
        BackupStatuses.running(
            backup, job.getMetadata().getName(), jobStart(job), stuck, clock.instant());
    Optional<Neo4jBackup> updated = StatusWriter.write(backup, running, context);
    if (updated.isPresent() && !wasRunning) {
      String message =
          "Backup Job "
              + job.getMetadata().getName()
              + " started: "
              + backup.getSpec().getFrom()
              + " into "
              + describe(backup);
      log.info(message);
      events(context).record(updated.get(), BackupEvent.BackupStarted, message);
    }
    if (updated.isPresent() && stuck.isPresent()) {
      String message =
          "The backup Job " + job.getMetadata().getName() + " is stuck: " + stuck.get();
      log.warn(message);
      events(context).record(updated.get(), BackupEvent.BackupStuck, message);
    }
    // A pod stuck in ContainerCreating sends no event when it becomes "stuck too long": look again.
    return UpdateControl.<Neo4jBackup>noUpdate().rescheduleAfter(RUNNING_RECHECK);
  }

  /** Writes the final status, then records the event and the metrics once. */
  private UpdateControl<Neo4jBackup> finish(
      Neo4jBackup backup, JobOutcome outcome, Job job, Context<Neo4jBackup> context) {
    Instant now = clock.instant();
    String namespace = backup.getMetadata().getNamespace();
    if (outcome instanceof JobOutcome.Succeeded succeeded) {
      Instant end = jobEnd(job).orElse(now);
      Neo4jBackupStatus status = BackupStatuses.succeeded(backup, succeeded.result(), end, now);
      StatusWriter.write(backup, status, context)
          .ifPresent(
              updated -> {
                String message =
                    status.getConditions().stream()
                        .filter(c -> c.getType() == BackupConditionType.Complete)
                        .findFirst()
                        .orElseThrow()
                        .getMessage();
                log.info("Backup succeeded: {}", message);
                events(context).record(updated, BackupEvent.BackupSucceeded, message);
                metrics.succeeded(
                    namespace,
                    succeeded.result(),
                    BackupStatuses.took(status, end, succeeded.result().duration()));
                drilled(updated, succeeded.result().drill(), status, context);
              });
    } else if (outcome instanceof JobOutcome.Failed failed) {
      Neo4jBackupStatus status =
          BackupStatuses.failed(backup, failed.reason(), failed.message(), failed.drilled(), now);
      StatusWriter.write(backup, status, context)
          .ifPresent(
              updated -> {
                log.warn("Backup failed ({}): {}", failed.reason(), failed.message());
                events(context)
                    .record(
                        updated,
                        BackupEvent.BackupFailed,
                        failed.reason() + ": " + failed.message());
                metrics.failed(namespace, failed.reason());
                drilled(updated, failed.drilled(), status, context);
              });
    }
    return UpdateControl.noUpdate();
  }

  /** Records the event and the metrics of a restore drill, when the backup ran one. */
  private void drilled(
      Neo4jBackup backup,
      DrillResult drill,
      Neo4jBackupStatus status,
      Context<Neo4jBackup> context) {
    if (drill == null) {
      return;
    }
    String message =
        status.getConditions().stream()
            .filter(c -> c.getType() == BackupConditionType.Verified)
            .findFirst()
            .map(BackupCondition::getMessage)
            .orElse(ResultLine.drillFailure(drill));
    events(context)
        .record(
            backup, drill.passed() ? BackupEvent.DrillPassed : BackupEvent.DrillFailed, message);
    metrics.drilled(backup.getMetadata().getNamespace(), drill.passed(), clock.instant());
  }

  private UpdateControl<Neo4jBackup> fail(
      Neo4jBackup backup, FailureReason reason, String message, Context<Neo4jBackup> context) {
    return finish(backup, new JobOutcome.Failed(reason, message), null, context);
  }

  private UpdateControl<Neo4jBackup> waitForTarget(
      Neo4jBackup backup, Neo4jBackup holder, Context<Neo4jBackup> context) {
    String message =
        "Waiting for Neo4jBackup "
            + holder.getMetadata().getName()
            + ", which writes into the same target ("
            + describe(backup)
            + (backup.getSpec().getTarget().getObjectStore() == null
                ? ""
                : ", or a prefix nested with it: backups to one bucket's prefixes take turns")
            + "); this backup starts when it has finished.";
    return waitFor(backup, BackupConditionReason.TargetBusy, message, context);
  }

  /** The backup's target for messages: {@code claim backups, path neo4j} or its s3:// location. */
  private static String describe(Neo4jBackup backup) {
    var target = backup.getSpec().getTarget();
    return target.getObjectStore() != null
        ? TargetQueue.target(backup).map(TargetPath::path).orElse("object store")
        : "claim " + target.getClaimName() + ", path " + target.getPath();
  }

  private static String nestedTarget(Neo4jBackup backup, Neo4jBackup other) {
    TargetPath mine = TargetQueue.target(backup).orElseThrow();
    TargetPath theirs = TargetQueue.target(other).orElseThrow();
    return "spec.target.path '"
        + backup.getSpec().getTarget().getPath()
        + "' "
        + (mine.contains(theirs) ? "contains" : "lies inside")
        + " the directory of Neo4jBackup "
        + other.getMetadata().getName()
        + " (path '"
        + other.getSpec().getTarget().getPath()
        + "', claim "
        + theirs.claim()
        + "): a backup into a directory that holds another backup's, or lies inside it, could"
        + " overwrite or replace it. Create a new Neo4jBackup into a directory that neither"
        + " contains nor lies inside another backup's (siblings such as neo4j/prod and"
        + " neo4j/test are fine), or the same directory to continue that backup's chain.";
  }

  private UpdateControl<Neo4jBackup> waitForForeignJob(
      Neo4jBackup backup, Context<Neo4jBackup> context) {
    String message =
        "A Job named "
            + BackupJob.name(backup)
            + " exists in this namespace but does not belong to this Neo4jBackup (left by an"
            + " earlier Neo4jBackup of the same name, or created by someone else); the backup"
            + " starts once that Job is deleted.";
    return waitFor(backup, BackupConditionReason.Pending, message, context);
  }

  private UpdateControl<Neo4jBackup> waitFor(
      Neo4jBackup backup,
      BackupConditionReason reason,
      String message,
      Context<Neo4jBackup> context) {
    Neo4jBackupStatus waiting = BackupStatuses.waiting(backup, reason, message, clock.instant());
    StatusWriter.write(backup, waiting, context)
        .ifPresent(
            updated -> {
              log.info(message);
              events(context).record(updated, BackupEvent.BackupWaiting, message);
            });
    return UpdateControl.<Neo4jBackup>noUpdate().rescheduleAfter(WAITING_RECHECK);
  }

  /** The Job named after the backup: from the informer, or from the API when not cached yet. */
  private static Optional<Job> job(Neo4jBackup backup, Context<Neo4jBackup> context) {
    Optional<Job> cached = context.getSecondaryResource(Job.class);
    if (cached.isPresent()) {
      return cached;
    }
    return Optional.ofNullable(
        context
            .getClient()
            .batch()
            .v1()
            .jobs()
            .inNamespace(backup.getMetadata().getNamespace())
            .withName(BackupJob.name(backup))
            .get());
  }

  /** The Job's pods as the API holds them now (the Job controller labels each with job-name). */
  private static List<Pod> podsFromApi(Job job, Context<Neo4jBackup> context) {
    return context
        .getClient()
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  /** Creates the Job; one that already exists (an earlier attempt created it) is returned. */
  private Job create(Job desired, Context<Neo4jBackup> context) {
    KubernetesClient client = context.getClient();
    Job job;
    try {
      job = client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      job = client.resource(desired).get();
      if (job == null) {
        throw e;
      }
      return job;
    }
    jobs.handleRecentResourceCreate(ResourceID.fromResource(job), job);
    return job;
  }

  private static void deleteJob(Neo4jBackup backup, Context<Neo4jBackup> context) {
    Optional<Job> job = context.getSecondaryResource(Job.class);
    if (job.isPresent() && ownedBy(job.get(), backup)) {
      log.info(
          "Neo4jBackup deleted: deleting its Job {}; the backup files stay",
          BackupJob.name(backup));
      context
          .getClient()
          .resource(job.get())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
  }

  private static String jobDeleted(Neo4jBackup backup) {
    return "The backup Job "
        + backup.getStatus().getJobName()
        + " was deleted before the backup finished, so there is no result. The target keeps"
        + " the backup it held before (a backup is published only once complete): create a"
        + " new Neo4jBackup to retry.";
  }

  private static boolean ownedBy(Job job, Neo4jBackup backup) {
    String uid = backup.getMetadata().getUid();
    return job.getMetadata().getOwnerReferences().stream()
        .anyMatch(owner -> owner.getUid().equals(uid));
  }

  private Instant jobStart(Job job) {
    if (job.getStatus() != null && job.getStatus().getStartTime() != null) {
      return Instant.parse(job.getStatus().getStartTime());
    }
    String created = job.getMetadata().getCreationTimestamp();
    return created == null ? clock.instant() : Instant.parse(created);
  }

  private static Optional<Instant> jobEnd(Job job) {
    if (job == null || job.getStatus() == null || job.getStatus().getCompletionTime() == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(job.getStatus().getCompletionTime()));
  }

  private EventRecorder events(Context<Neo4jBackup> context) {
    return new EventRecorder(context.getClient(), clock);
  }
}

package io.neo4jbackup.operator.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.Conditions;
import io.neo4jbackup.operator.EventRecorder;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.StatusWriter;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.DatabaseName;
import io.neo4jbackup.operator.job.EngineSecurity;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.ScheduledBackup;
import io.neo4jbackup.operator.job.TargetDirectory;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.DeletionResult;
import io.neo4jbackup.operator.schedule.ScheduleMetrics.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a Neo4jBackupSchedule: at each tick of its cron expression it creates a Neo4jBackup (named
 * after the schedule and the tick, so a restarted operator never creates one twice) into the
 * current chain or a new one, records finished backups, deletes old chains through Jobs, prunes old
 * Neo4jBackup resources, and wakes itself up for the next tick. All decisions are made by the pure
 * planners ({@link RunPlanner}, {@link ChainPlanner}, {@link RetentionPlanner}); this class only
 * reads and writes the cluster.
 */
public class Neo4jBackupScheduleReconciler implements Reconciler<Neo4jBackupSchedule> {

  /** How long to wait while a cancelled backup (Replace) disappears. */
  static final Duration REPLACE_RECHECK = Duration.ofSeconds(2);

  /** The longest a schedule sleeps, whatever its next tick: a safety net against lost wake-ups. */
  static final Duration MAX_SLEEP = Duration.ofMinutes(15);

  /** How many deleted chains the status remembers. */
  static final int DELETED_CHAINS_KEPT = 10;

  /** How long after a failed chain deletion (a held lock, say) retention tries again. */
  static final Duration DELETION_RETRY = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorConfig config;
  private final ScheduleMetrics metrics;
  private final Clock clock;
  private final Duration maxSleep;

  public Neo4jBackupScheduleReconciler(
      OperatorConfig config, ScheduleMetrics metrics, Clock clock) {
    this(config, metrics, clock, MAX_SLEEP);
  }

  /** With a shorter {@code maxSleep}, tests that move {@code clock} by hand see ticks promptly. */
  Neo4jBackupScheduleReconciler(
      OperatorConfig config, ScheduleMetrics metrics, Clock clock, Duration maxSleep) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.maxSleep = maxSleep;
  }

  @Override
  public List<EventSource<?, Neo4jBackupSchedule>> prepareEventSources(
      EventSourceContext<Neo4jBackupSchedule> context) {
    var backups =
        InformerEventSourceConfiguration.from(Neo4jBackup.class, Neo4jBackupSchedule.class)
            .withLabelSelector(ScheduleNames.SCHEDULE_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Neo4jBackupSchedule.class))
            .withNamespacesInheritedFromController()
            .build();
    var retentionJobs =
        InformerEventSourceConfiguration.from(Job.class, Neo4jBackupSchedule.class)
            .withLabelSelector(
                "app.kubernetes.io/component="
                    + ScheduleNames.RETENTION_COMPONENT
                    + ","
                    + ScheduleNames.SCHEDULE_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Neo4jBackupSchedule.class))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(
        new InformerEventSource<>(backups, context),
        new InformerEventSource<>(retentionJobs, context));
  }

  @Override
  public UpdateControl<Neo4jBackupSchedule> reconcile(
      Neo4jBackupSchedule schedule, Context<Neo4jBackupSchedule> context) {
    String namespace = schedule.getMetadata().getNamespace();
    String name = schedule.getMetadata().getName();
    if (context.isPrimaryResourceDeleted()) {
      metrics.forget(namespace, name);
      return UpdateControl.noUpdate();
    }
    Run run = new Run(schedule, context, clock.instant());
    Duration sleep;
    try {
      CronSchedule cron = validate(schedule.getSpec(), config);
      run.adoptUnrecordedStarts();
      run.recordFinishedBackups();
      RunPlan plan = run.plan(cron);
      run.carryOut(plan);
      run.applyRetention();
      run.pruneHistory();
      run.ready(plan);
      sleep = sleep(plan, run.now, run.nextDeletionRetry());
    } catch (InvalidScheduleException e) {
      run.invalid(e);
      sleep = null;
    }
    run.finish();
    metrics.observe(namespace, name, run.status);
    StatusWriter.write(schedule, run.status, context);
    UpdateControl<Neo4jBackupSchedule> control = UpdateControl.noUpdate();
    return sleep == null ? control : control.rescheduleAfter(sleep);
  }

  /** Parses the schedule and checks the template, or says what is wrong. */
  static CronSchedule validate(Neo4jBackupScheduleSpec spec, OperatorConfig config) {
    CronSchedule cron = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone());
    if (spec.getBackupTemplate() == null
        || spec.getBackupTemplate().getSpec() == null
        || spec.getBackupTemplate().getSpec().getTarget() == null) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidTemplate, "spec.backupTemplate.spec.target is required");
    }
    try {
      TargetDirectory.inContainer(spec.getBackupTemplate().getSpec().getTarget().getPath());
      DatabaseName.normalized(spec.getBackupTemplate().getSpec().getDatabase(), "spec.database");
      EngineSecurity.of(config, spec.getBackupTemplate().getSpec().getJob(), "spec.job");
    } catch (InvalidSpecException e) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidTemplate, "backupTemplate: " + e.getMessage());
    }
    return cron;
  }

  private Duration sleep(RunPlan plan, Instant now, Optional<Instant> deletionRetry) {
    Duration sleep =
        plan.replace().isPresent()
            ? REPLACE_RECHECK
            : plan.next().map(next -> Duration.between(now, next).plusMillis(20)).orElse(maxSleep);
    if (deletionRetry.isPresent()) {
      Duration untilRetry = Duration.between(now, deletionRetry.get()).plusMillis(20);
      sleep = untilRetry.compareTo(sleep) < 0 ? untilRetry : sleep;
    }
    return sleep.compareTo(maxSleep) > 0 ? maxSleep : sleep;
  }

  /** One reconciliation: the schedule, what the cluster holds, and the status being built. */
  private final class Run {
    final Neo4jBackupSchedule schedule;
    final Context<Neo4jBackupSchedule> context;
    final KubernetesClient client;
    final EventRecorder events;
    final Instant now;
    final Neo4jBackupScheduleStatus original;
    final Neo4jBackupScheduleStatus status;
    final List<Neo4jBackup> backups;
    final List<String> created = new ArrayList<>();
    final Set<String> cancelled = new HashSet<>();

    Run(Neo4jBackupSchedule schedule, Context<Neo4jBackupSchedule> context, Instant now) {
      this.schedule = schedule;
      this.context = context;
      this.client = context.getClient();
      this.events = new EventRecorder(client, clock);
      this.now = now;
      this.original =
          schedule.getStatus() == null ? new Neo4jBackupScheduleStatus() : schedule.getStatus();
      this.status = copy(original);
      this.backups =
          context.getSecondaryResources(Neo4jBackup.class).stream()
              .filter(b -> ScheduledBackup.tick(b).isPresent())
              .sorted(Comparator.comparing(b -> ScheduledBackup.tick(b).get()))
              .toList();
    }

    String name() {
      return schedule.getMetadata().getName();
    }

    String namespace() {
      return schedule.getMetadata().getNamespace();
    }

    /**
     * Backups created by a run whose status was never written (the operator stopped in between):
     * they count as started, so their tick is not run again, and their chain is known.
     */
    void adoptUnrecordedStarts() {
      Instant lastStart = time(status.getLastScheduleTime()).orElse(Instant.MIN);
      for (Neo4jBackup backup : backups) {
        Instant tick = ScheduledBackup.tick(backup).get();
        if (tick.isAfter(lastStart)) {
          status.setLastScheduleTime(tick.toString());
          if (time(status.getLastHandledScheduleTime()).map(tick::isAfter).orElse(true)) {
            status.setLastHandledScheduleTime(tick.toString());
          }
          ensureChain(backup, tick, null);
        }
      }
    }

    /** Records each newly finished backup, in tick order: status, chain, event, metrics. */
    void recordFinishedBackups() {
      Instant recordedThrough = recordedThrough(original);
      for (Neo4jBackup backup : backups) {
        if (!finished(backup) || !ScheduledBackup.tick(backup).get().isAfter(recordedThrough)) {
          continue;
        }
        BackupRecord record = record(backup);
        Optional<ChainRecord> chain = chain(record.getChainPath());
        if (backup.getStatus().getPhase() == BackupPhase.Succeeded) {
          status.setLastSuccessfulBackup(record);
          chain.ifPresent(
              c -> {
                c.setSuccessfulBackups(
                    (c.getSuccessfulBackups() == null ? 0 : c.getSuccessfulBackups()) + 1);
                c.setLastTransactionId(record.getLastTransactionId());
                c.setLastSuccessfulTime(record.getCompletionTime());
              });
          metrics.count(namespace(), name(), Outcome.succeeded, 1);
          events.record(
              schedule,
              ScheduleEvent.BackupSucceeded,
              record.getMode()
                  + " backup "
                  + record.getName()
                  + " succeeded into "
                  + record.getChainPath()
                  + " (last transaction "
                  + record.getLastTransactionId()
                  + ")");
        } else {
          status.setLastFailedBackup(record);
          metrics.count(namespace(), name(), Outcome.failed, 1);
          events.record(
              schedule,
              ScheduleEvent.BackupFailed,
              "backup "
                  + record.getName()
                  + " failed with "
                  + record.getFailureReason()
                  + ": "
                  + backup.getStatus().getFailureMessage()
                  + " The schedule carries on with its next run.");
        }
      }
    }

    RunPlan plan(CronSchedule cron) {
      Neo4jBackupScheduleSpec spec = schedule.getSpec();
      Instant handled =
          time(status.getLastHandledScheduleTime())
              .or(() -> time(schedule.getMetadata().getCreationTimestamp()))
              .orElse(now);
      Long observed = original.getObservedGeneration();
      if (observed != null && !observed.equals(schedule.getMetadata().getGeneration())) {
        // The spec changed (for example resumed): ticks before the change are not made up.
        handled = handled.isAfter(now) ? handled : now;
      }
      return RunPlanner.plan(
          new RunPlanner.Input(
              cron,
              now,
              handled,
              Boolean.TRUE.equals(spec.getSuspend()),
              spec.getStartingDeadlineSeconds(),
              spec.getConcurrencyPolicy(),
              !running().isEmpty()));
    }

    void carryOut(RunPlan plan) {
      status.setLastHandledScheduleTime(plan.handledThrough().toString());
      if (plan.missed() > 0) {
        status.setMissedRuns(count(status.getMissedRuns()) + plan.missed());
        status.setLastMissedScheduleTime(plan.lastMissed().get().toString());
        metrics.count(namespace(), name(), Outcome.missed, plan.missed());
        events.record(
            schedule,
            ScheduleEvent.RunsMissed,
            (plan.missedAtLeast() ? "at least " : "")
                + plan.missed()
                + " run(s) missed, the latest scheduled at "
                + plan.lastMissed().get()
                + ": too late to start (the operator was not running, or startingDeadlineSeconds"
                + " passed)");
      }
      plan.skipped()
          .ifPresent(
              tick -> {
                status.setSkippedRuns(count(status.getSkippedRuns()) + 1);
                status.setLastSkippedScheduleTime(tick.toString());
                metrics.count(namespace(), name(), Outcome.skipped, 1);
                events.record(
                    schedule,
                    ScheduleEvent.RunSkipped,
                    "run scheduled at "
                        + tick
                        + " skipped: backup(s) "
                        + String.join(", ", names(running()))
                        + " still running (concurrencyPolicy Forbid)");
              });
      plan.replace().ifPresent(this::cancelRunning);
      plan.start().ifPresent(this::start);
    }

    private void cancelRunning(Instant tick) {
      for (Neo4jBackup backup : running()) {
        if (backup.getMetadata().getDeletionTimestamp() == null) {
          client.resource(backup).delete();
          cancelled.add(backup.getMetadata().getName());
          events.record(
              schedule,
              ScheduleEvent.BackupCancelled,
              "backup "
                  + backup.getMetadata().getName()
                  + " cancelled for the run scheduled at "
                  + tick
                  + " (concurrencyPolicy Replace)");
        }
      }
    }

    private void start(Instant tick) {
      var template = schedule.getSpec().getBackupTemplate();
      var chainPolicy = schedule.getSpec().getChain();
      int perChain =
          chainPolicy == null || chainPolicy.getBackupsPerChain() == null
              ? 7
              : chainPolicy.getBackupsPerChain();
      ChainPlanner.NextBackup next =
          ChainPlanner.next(
              chains(),
              status.getLastSuccessfulBackup(),
              status.getLastFailedBackup(),
              perChain,
              Boolean.TRUE.equals(template.getSpec().getFallbackToFull()),
              new ChainPlanner.Template(
                  template.getSpec().getTarget().getClaimName(),
                  template.getSpec().getTarget().getPath(),
                  template.getSpec().getDatabase()),
              tick);
      Neo4jBackup backup =
          ScheduledBackup.desired(
              schedule, tick, next.mode(), next.chainPath(), next.minTransactionId());
      try {
        client.resource(backup).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Created by an earlier reconciliation whose status was lost: the run already started.
      }
      status.setLastScheduleTime(tick.toString());
      created.add(backup.getMetadata().getName());
      if (next.newChain()) {
        ensureChain(backup, tick, next.why());
        events.record(
            schedule,
            ScheduleEvent.ChainStarted,
            "new chain "
                + next.chainPath()
                + ": "
                + next.why()
                + (next.minTransactionId() == null
                    ? ""
                    : "; its full backup starts no lower than transaction "
                        + next.minTransactionId()
                        + ", the previous chain's last"));
      }
      metrics.count(namespace(), name(), Outcome.started, 1);
      events.record(
          schedule,
          ScheduleEvent.BackupCreated,
          next.mode()
              + " backup "
              + backup.getMetadata().getName()
              + " into "
              + next.chainPath()
              + " for the run scheduled at "
              + tick);
    }

    /** Progresses running chain deletions and starts the ones retention now chooses. */
    void applyRetention() {
      Map<String, Job> jobs = new LinkedHashMap<>();
      context
          .getSecondaryResources(Job.class)
          .forEach(job -> jobs.put(job.getMetadata().getName(), job));
      for (ChainRecord chain : List.copyOf(chains())) {
        if (chain.getDeletionJob() != null) {
          progressDeletion(chain, jobs.get(chain.getDeletionJob()));
        }
      }
      var retention = schedule.getSpec().getRetention();
      Integer keep = retention == null ? null : retention.getKeepChains();
      if (startable(RetentionPlanner.choose(chains(), keep, List.of(), now)).isEmpty()) {
        return;
      }
      // Only now, with a chain to delete, look at what the namespace is writing.
      for (RetentionPlanner.Deletion deletion :
          startable(RetentionPlanner.choose(chains(), keep, targetsInUse(), now))) {
        ChainRecord chain = deletion.chain();
        Job job = RetentionJob.desired(schedule, chain, config);
        createIgnoringConflict(job);
        chain.setDeletionJob(job.getMetadata().getName());
        chain.setDeletionReason(deletion.reason());
        chain.setDeletionRetryTime(null);
        events.record(
            schedule,
            ScheduleEvent.ChainDeletionStarted,
            "deleting chain "
                + chain.getPath()
                + " (Job "
                + job.getMetadata().getName()
                + "): "
                + deletion.reason());
      }
    }

    private List<RetentionPlanner.Deletion> startable(List<RetentionPlanner.Deletion> chosen) {
      return chosen.stream().filter(d -> d.chain().getDeletionJob() == null).toList();
    }

    /**
     * Where the namespace writes or may soon write: every unfinished Neo4jBackup's target,
     * scheduled or not, and every backup pod that still runs (its backup may be gone).
     */
    private List<TargetPath> targetsInUse() {
      List<TargetPath> inUse = new ArrayList<>();
      for (Neo4jBackup backup :
          client.resources(Neo4jBackup.class).inNamespace(namespace()).list().getItems()) {
        if (!finished(backup) && backup.getSpec() != null && backup.getSpec().getTarget() != null) {
          try {
            inUse.add(TargetPath.of(backup.getSpec().getTarget()));
          } catch (InvalidSpecException e) {
            // A target no backup can write into.
          }
        }
      }
      client
          .pods()
          .inNamespace(namespace())
          .withLabel(BackupJob.BACKUP_LABEL)
          .list()
          .getItems()
          .forEach(pod -> TargetPath.writtenBy(pod).ifPresent(inUse::add));
      return inUse;
    }

    private void progressDeletion(ChainRecord chain, Job job) {
      if (job == null) {
        // Not in the cache yet, or deleted by someone: make sure it exists.
        createIgnoringConflict(RetentionJob.desired(schedule, chain, config));
        return;
      }
      if (job.getStatus() != null
          && job.getStatus().getSucceeded() != null
          && job.getStatus().getSucceeded() > 0) {
        List<ChainRecord> remaining = new ArrayList<>(chains());
        remaining.remove(chain);
        status.setChains(remaining);
        chain.setDeletionJob(null);
        chain.setDeletionFailure(null);
        chain.setDeletionRetryTime(null);
        chain.setDeletionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        List<ChainRecord> deleted =
            status.getDeletedChains() == null
                ? new ArrayList<>()
                : new ArrayList<>(status.getDeletedChains());
        deleted.add(chain);
        status.setDeletedChains(
            deleted.subList(Math.max(0, deleted.size() - DELETED_CHAINS_KEPT), deleted.size()));
        deleteJob(job);
        events.record(
            schedule,
            ScheduleEvent.ChainDeleted,
            "deleted chain " + chain.getPath() + ": " + chain.getDeletionReason());
      } else if (job.getStatus() != null
          && job.getStatus().getConditions() != null
          && job.getStatus().getConditions().stream()
              .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))) {
        DeletionResult.Failed failure = deletionFailure(job);
        Instant retry = now.plus(DELETION_RETRY).truncatedTo(ChronoUnit.SECONDS);
        chain.setDeletionJob(null);
        chain.setDeletionFailure(failure.message());
        chain.setDeletionRetryTime(retry.toString());
        deleteJob(job);
        if (failure.locked()) {
          events.record(
              schedule,
              ScheduleEvent.ChainDeletionDeferred,
              "chain "
                  + chain.getPath()
                  + " is in use (a backup or restore holds its lock), so nothing was deleted;"
                  + " retention tries again after "
                  + retry);
        } else {
          events.record(
              schedule,
              ScheduleEvent.ChainDeletionFailed,
              "could not delete chain "
                  + chain.getPath()
                  + " (Job "
                  + job.getMetadata().getName()
                  + "): "
                  + failure.message()
                  + "; retention tries again after "
                  + retry);
        }
      }
    }

    /** What the failed deletion Job's last pod reported, read from the API. */
    private DeletionResult.Failed deletionFailure(Job job) {
      List<Pod> pods =
          client
              .pods()
              .inNamespace(namespace())
              .withLabel("job-name", job.getMetadata().getName())
              .list()
              .getItems();
      Optional<ContainerStateTerminated> last =
          pods.stream()
              .flatMap(
                  pod ->
                      pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                          ? java.util.stream.Stream.empty()
                          : pod.getStatus().getContainerStatuses().stream())
              .filter(c -> RetentionJob.CONTAINER.equals(c.getName()))
              .map(c -> c.getState() == null ? null : c.getState().getTerminated())
              .filter(java.util.Objects::nonNull)
              .max(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()));
      if (last.isEmpty()) {
        return new DeletionResult.Failed(
            null,
            "the Job failed without a pod that reported a result (deadline, eviction or deleted"
                + " pods; see the Job's events)");
      }
      DeletionResult result = DeletionResult.read(last.get());
      return result instanceof DeletionResult.Failed failed
          ? failed
          : new DeletionResult.Failed(null, "the Job failed although its engine reported success");
    }

    private void deleteJob(Job job) {
      client
          .resource(job)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
    }

    /** The earliest time still to come at which a failed chain deletion is tried again. */
    Optional<Instant> nextDeletionRetry() {
      return chains().stream()
          .map(ChainRecord::getDeletionRetryTime)
          .filter(java.util.Objects::nonNull)
          .map(Instant::parse)
          .filter(retry -> retry.isAfter(now))
          .min(Comparator.naturalOrder());
    }

    private void createIgnoringConflict(Job job) {
      try {
        client.resource(job).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }

    /**
     * Deletes finished Neo4jBackups beyond the history limits (never their data). Only backups the
     * stored status already records are deleted, so that none is forgotten unrecorded.
     */
    void pruneHistory() {
      Instant recordedThrough = recordedThrough(original);
      Neo4jBackupScheduleSpec spec = schedule.getSpec();
      prune(BackupPhase.Succeeded, spec.getSuccessfulBackupsHistoryLimit(), recordedThrough);
      prune(BackupPhase.Failed, spec.getFailedBackupsHistoryLimit(), recordedThrough);
    }

    private void prune(BackupPhase phase, Integer limit, Instant recordedThrough) {
      List<Neo4jBackup> finished =
          backups.stream()
              .filter(b -> b.getStatus() != null && b.getStatus().getPhase() == phase)
              .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
              .toList();
      int keep = limit == null ? 3 : limit;
      for (int i = 0; i < finished.size() - keep; i++) {
        Neo4jBackup backup = finished.get(i);
        if (!ScheduledBackup.tick(backup).get().isAfter(recordedThrough)) {
          client.resource(backup).delete();
        }
      }
    }

    void ready(RunPlan plan) {
      Neo4jBackupScheduleSpec spec = schedule.getSpec();
      status.setNextScheduleTime(plan.next().map(Instant::toString).orElse(null));
      if (Boolean.TRUE.equals(spec.getSuspend())) {
        condition(
            ScheduleConditionType.Ready,
            ConditionStatus.False,
            ScheduleConditionReason.Suspended,
            "spec.suspend is true: no new backups start");
      } else {
        condition(
            ScheduleConditionType.Ready,
            ConditionStatus.True,
            ScheduleConditionReason.Scheduled,
            plan.next().map(t -> "next run at " + t).orElse("the schedule never fires again"));
      }
    }

    void invalid(InvalidScheduleException e) {
      status.setNextScheduleTime(null);
      boolean alreadyReported =
          original.getConditions() != null
              && original.getConditions().stream()
                  .anyMatch(
                      c ->
                          c.getType() == ScheduleConditionType.Ready
                              && c.getReason() == e.reason()
                              && e.getMessage().equals(c.getMessage()));
      if (!alreadyReported) {
        events.record(schedule, ScheduleEvent.InvalidSpec, e.getMessage());
      }
      condition(ScheduleConditionType.Ready, ConditionStatus.False, e.reason(), e.getMessage());
    }

    /** The parts of the status every reconciliation refreshes. */
    void finish() {
      List<String> active = new ArrayList<>(names(running()));
      created.stream().filter(n -> !active.contains(n)).forEach(active::add);
      status.setActiveBackups(active.isEmpty() ? null : active);
      lastBackupCondition();
      status.setObservedGeneration(schedule.getMetadata().getGeneration());
    }

    private void lastBackupCondition() {
      BackupRecord success = status.getLastSuccessfulBackup();
      BackupRecord failure = status.getLastFailedBackup();
      BackupRecord last = ScheduleMetrics.newer(success, failure);
      if (last == null) {
        return;
      }
      if (last == success) {
        condition(
            ScheduleConditionType.LastBackupSucceeded,
            ConditionStatus.True,
            ScheduleConditionReason.BackupSucceeded,
            "backup " + success.getName() + " succeeded at " + success.getCompletionTime());
      } else {
        condition(
            ScheduleConditionType.LastBackupSucceeded,
            ConditionStatus.False,
            ScheduleConditionReason.BackupFailed,
            "backup "
                + failure.getName()
                + " failed with "
                + failure.getFailureReason()
                + " at "
                + failure.getCompletionTime());
      }
    }

    private void condition(
        ScheduleConditionType type,
        ConditionStatus value,
        ScheduleConditionReason reason,
        String message) {
      ScheduleCondition condition = new ScheduleCondition();
      condition.setType(type);
      condition.setStatus(value);
      condition.setReason(reason);
      condition.setMessage(message);
      condition.setObservedGeneration(schedule.getMetadata().getGeneration());
      status.setConditions(Conditions.SCHEDULE.set(status.getConditions(), condition, now));
    }

    private List<Neo4jBackup> running() {
      return backups.stream()
          .filter(b -> !finished(b))
          .filter(b -> !created.contains(b.getMetadata().getName()))
          .toList();
    }

    private List<ChainRecord> chains() {
      if (status.getChains() == null) {
        status.setChains(new ArrayList<>());
      }
      return status.getChains();
    }

    private Optional<ChainRecord> chain(String path) {
      return chains().stream().filter(c -> c.getPath().equals(path)).findFirst();
    }

    /**
     * Records the chain {@code backup} (created for {@code tick}) writes into, unless known: where,
     * for which database, from which floor, and why it started ({@code why}, null when unknown).
     */
    private void ensureChain(Neo4jBackup backup, Instant tick, String why) {
      Target target = backup.getSpec().getTarget();
      if (chain(target.getPath()).isPresent()) {
        return;
      }
      ChainRecord chain = new ChainRecord();
      chain.setPath(target.getPath());
      chain.setClaimName(target.getClaimName());
      chain.setDatabase(DatabaseName.lowerCase(backup.getSpec().getDatabase()));
      chain.setStartTime(tick.toString());
      chain.setStartReason(why);
      chain.setMinTransactionId(backup.getSpec().getMinTransactionId());
      chain.setSuccessfulBackups(0);
      List<ChainRecord> chains = new ArrayList<>(chains());
      chains.add(chain);
      chains.sort(Comparator.comparing(c -> Instant.parse(c.getStartTime())));
      status.setChains(chains);
    }
  }

  private static BackupRecord record(Neo4jBackup backup) {
    var s = backup.getStatus();
    BackupRecord record = new BackupRecord();
    record.setName(backup.getMetadata().getName());
    record.setScheduledTime(ScheduledBackup.tick(backup).get().toString());
    record.setChainPath(backup.getSpec().getTarget().getPath());
    record.setCompletionTime(s.getCompletionTime());
    record.setMode(s.getMode() != null ? s.getMode() : backup.getSpec().getMode());
    record.setDuration(s.getDuration());
    record.setBytesTransferred(s.getBytesTransferred());
    if (s.getPhase() == BackupPhase.Succeeded) {
      record.setLastTransactionId(s.getLastTransactionId());
    } else {
      record.setFailureReason(s.getFailureReason());
    }
    return record;
  }

  /** The newest tick whose finished backup the status records. */
  private static Instant recordedThrough(Neo4jBackupScheduleStatus status) {
    Instant through = Instant.MIN;
    for (BackupRecord r :
        new BackupRecord[] {status.getLastSuccessfulBackup(), status.getLastFailedBackup()}) {
      if (r != null && r.getScheduledTime() != null) {
        Instant t = Instant.parse(r.getScheduledTime());
        through = t.isAfter(through) ? t : through;
      }
    }
    return through;
  }

  private static boolean finished(Neo4jBackup backup) {
    return backup.getStatus() != null
        && (backup.getStatus().getPhase() == BackupPhase.Succeeded
            || backup.getStatus().getPhase() == BackupPhase.Failed);
  }

  private static Optional<Instant> time(String rfc3339) {
    if (rfc3339 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  private static List<String> names(List<Neo4jBackup> backups) {
    return backups.stream().map(b -> b.getMetadata().getName()).toList();
  }

  private static Neo4jBackupScheduleStatus copy(Neo4jBackupScheduleStatus status) {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(status), Neo4jBackupScheduleStatus.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
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
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.DatabaseName;
import io.neo4jbackup.operator.job.EngineCommand;
import io.neo4jbackup.operator.job.EngineSecurity;
import io.neo4jbackup.operator.job.ObjectStoreAccess;
import io.neo4jbackup.operator.job.ObjectStoreLocation;
import io.neo4jbackup.operator.job.ScheduledBackup;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.schedule.ScheduleMetrics.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A schedule's decisions at one moment, as a pure function ({@link #decide}): from the schedule,
 * its Neo4jBackups and retention Jobs and the time, the new status, the backups and Jobs to create
 * and delete, the Events to record, the runs to count, and when to look again. At each tick of its
 * cron expression the schedule creates a Neo4jBackup into the current chain or a new one; it
 * records finished backups, deletes old chains through Jobs, and prunes old Neo4jBackup resources.
 * The planners decide the parts: {@link RunPlanner} (ticks), {@link ChainPlanner} (chain, mode,
 * floor), {@link Retention} (chains to delete), {@link DrillPlanner} (restore drills). No I/O:
 * {@link Neo4jBackupScheduleReconciler} reads the cluster before and applies the decision after.
 */
public final class ScheduleDecider {

  /** How long to wait while a cancelled backup (Replace) disappears. */
  static final Duration REPLACE_RECHECK = Duration.ofSeconds(2);

  /** The longest a schedule sleeps, whatever its next tick: a safety net against lost wake-ups. */
  static final Duration MAX_SLEEP = Duration.ofMinutes(15);

  private final OperatorConfig config;
  private final Duration maxSleep;

  /**
   * Decides as the operator configured by {@code config} does; a schedule sleeps at most {@code
   * maxSleep} between reconciliations.
   */
  public ScheduleDecider(OperatorConfig config, Duration maxSleep) {
    this.config = config;
    this.maxSleep = maxSleep;
  }

  /** What the schedule does now, given what the cluster holds ({@code in}). */
  public ScheduleDecision decide(ScheduleInput in) {
    DecisionDraft draft = new DecisionDraft(in);
    Optional<Duration> requeue;
    try {
      CronSchedule cron = validate(in.schedule().getSpec(), config);
      adoptUnrecordedStarts(draft);
      recordFinishedBackups(draft);
      RunPlan plan = plan(draft, cron);
      carryOut(draft, plan);
      new Retention(draft, config).apply();
      Optional<Instant> nextDrill = new DrillPlanner(draft, config).apply();
      pruneHistory(draft);
      ready(draft, plan);
      requeue =
          Optional.of(
              sleep(plan, in.now(), Retention.nextRetry(draft.status, in.now()), nextDrill));
    } catch (InvalidScheduleException e) {
      invalid(draft, e);
      requeue = Optional.empty();
    }
    finish(draft);
    return draft.decision(requeue);
  }

  /** Parses the schedule and checks the template and the retention, or says what is wrong. */
  static CronSchedule validate(Neo4jBackupScheduleSpec spec, OperatorConfig config) {
    CronSchedule cron = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone());
    RetentionPlanner.Rules.of(spec.getRetention());
    DrillPlanner.validate(spec);
    if (spec.getBackupTemplate() == null
        || spec.getBackupTemplate().getSpec() == null
        || spec.getBackupTemplate().getSpec().getTarget() == null) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidTemplate, "spec.backupTemplate.spec.target is required");
    }
    try {
      Target target = spec.getBackupTemplate().getSpec().getTarget();
      TargetPath.of(target);
      if (target.getObjectStore() != null) {
        ObjectStoreAccess.of(target.getObjectStore(), "spec.target.objectStore");
        if (ObjectStoreLocation.of(target.getObjectStore(), "spec.target.objectStore").isChain()) {
          throw new InvalidSpecException(
              "spec.target.objectStore.prefix names one chain: a schedule writes chains below"
                  + " its prefix; give the prefix above it");
        }
        if (spec.getDrill() != null) {
          throw new InvalidScheduleException(
              ScheduleConditionReason.InvalidDrill,
              "spec.drill with an objectStore target is not yet supported: restore drills of"
                  + " chains in an object store are not implemented; remove spec.drill, or"
                  + " check restores with a Neo4jRestore from the object store (or"
                  + " spec.backupTemplate.spec.verify, which drills each backup before it is"
                  + " uploaded)");
        }
      }
      DatabaseName.normalized(spec.getBackupTemplate().getSpec().getDatabase(), "spec.database");
      EngineSecurity.of(config, spec.getBackupTemplate().getSpec().getJob(), "spec.job");
      EngineCommand.verify(spec.getBackupTemplate().getSpec().getVerify(), "spec.verify");
    } catch (InvalidSpecException e) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidTemplate, "backupTemplate: " + e.getMessage());
    }
    return cron;
  }

  /**
   * Backups created by a run whose status was never written (the operator stopped in between): they
   * count as started, so their tick is not run again, and their chain is known.
   */
  private static void adoptUnrecordedStarts(DecisionDraft draft) {
    Neo4jBackupScheduleStatus status = draft.status;
    Instant lastStart = time(status.getLastScheduleTime()).orElse(Instant.MIN);
    for (Neo4jBackup backup : draft.backups) {
      Instant tick = ScheduledBackup.tick(backup).get();
      if (tick.isAfter(lastStart)) {
        status.setLastScheduleTime(tick.toString());
        if (time(status.getLastHandledScheduleTime()).map(tick::isAfter).orElse(true)) {
          status.setLastHandledScheduleTime(tick.toString());
        }
        draft.ensureChain(backup, tick, null);
      }
    }
  }

  /** Records each newly finished backup, in tick order: status, chain, event, runs. */
  private static void recordFinishedBackups(DecisionDraft draft) {
    Neo4jBackupScheduleStatus status = draft.status;
    Instant recordedThrough = recordedThrough(draft.original);
    for (Neo4jBackup backup : draft.backups) {
      if (!DecisionDraft.finished(backup)
          || !ScheduledBackup.tick(backup).get().isAfter(recordedThrough)) {
        continue;
      }
      BackupRecord record = record(backup);
      Optional<ChainRecord> chain = draft.chain(record.getChainPath());
      if (backup.getStatus().getPhase() == BackupPhase.Succeeded) {
        status.setLastSuccessfulBackup(record);
        chain.ifPresent(
            c -> {
              c.setSuccessfulBackups(
                  (c.getSuccessfulBackups() == null ? 0 : c.getSuccessfulBackups()) + 1);
              c.setLastTransactionId(record.getLastTransactionId());
              c.setLastSuccessfulTime(record.getCompletionTime());
              if (c.getUri() == null && backup.getStatus().getObjectStoreUri() != null) {
                // The engine named the chain when its full backup succeeded.
                c.setUri(backup.getStatus().getObjectStoreUri());
              }
              RecoveryWindows.record(c, backup.getStatus());
            });
        draft.count(Outcome.succeeded, 1);
        draft.event(
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
        draft.count(Outcome.failed, 1);
        draft.event(
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

  private static RunPlan plan(DecisionDraft draft, CronSchedule cron) {
    Neo4jBackupScheduleSpec spec = draft.schedule().getSpec();
    Instant now = draft.now();
    Instant handled =
        time(draft.status.getLastHandledScheduleTime())
            .or(() -> time(draft.schedule().getMetadata().getCreationTimestamp()))
            .orElse(now);
    Long observed = draft.original.getObservedGeneration();
    if (observed != null && !observed.equals(draft.schedule().getMetadata().getGeneration())) {
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
            !draft.running().isEmpty()));
  }

  /** Records missed and skipped ticks, cancels the running backup (Replace), starts the run. */
  private static void carryOut(DecisionDraft draft, RunPlan plan) {
    Neo4jBackupScheduleStatus status = draft.status;
    status.setLastHandledScheduleTime(plan.handledThrough().toString());
    if (plan.missed() > 0) {
      status.setMissedRuns(count(status.getMissedRuns()) + plan.missed());
      status.setLastMissedScheduleTime(plan.lastMissed().get().toString());
      draft.count(Outcome.missed, plan.missed());
      draft.event(
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
              draft.count(Outcome.skipped, 1);
              draft.event(
                  ScheduleEvent.RunSkipped,
                  "run scheduled at "
                      + tick
                      + " skipped: backup(s) "
                      + String.join(", ", names(draft.running()))
                      + " still running (concurrencyPolicy Forbid)");
            });
    plan.replace().ifPresent(tick -> cancelRunning(draft, tick));
    plan.start().ifPresent(tick -> start(draft, tick));
  }

  private static void cancelRunning(DecisionDraft draft, Instant tick) {
    for (Neo4jBackup backup : draft.running()) {
      if (backup.getMetadata().getDeletionTimestamp() == null) {
        draft.act(new ScheduleAction.DeleteBackup(backup));
        draft.event(
            ScheduleEvent.BackupCancelled,
            "backup "
                + backup.getMetadata().getName()
                + " cancelled for the run scheduled at "
                + tick
                + " (concurrencyPolicy Replace)");
      }
    }
  }

  /** When a Neo4jRestore last replaced the database this schedule backs up, if one did. */
  private static Instant restoredAt(Neo4jBackupSchedule schedule) {
    Map<String, String> annotations = schedule.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ChainPlanner.RESTORED_AT);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null; // not written by a restore, which writes RFC 3339
    }
  }

  private static void start(DecisionDraft draft, Instant tick) {
    var template = draft.schedule().getSpec().getBackupTemplate();
    var chainPolicy = draft.schedule().getSpec().getChain();
    int perChain =
        chainPolicy == null || chainPolicy.getBackupsPerChain() == null
            ? 7
            : chainPolicy.getBackupsPerChain();
    ChainPlanner.NextBackup next =
        ChainPlanner.next(
            draft.chains(),
            draft.status.getLastSuccessfulBackup(),
            draft.status.getLastFailedBackup(),
            perChain,
            Boolean.TRUE.equals(template.getSpec().getFallbackToFull()),
            template(template.getSpec()),
            tick,
            restoredAt(draft.schedule()));
    Neo4jBackup backup =
        ScheduledBackup.desired(
            draft.schedule(),
            tick,
            next.mode(),
            next.chainPath(),
            draft.chain(next.chainPath()).map(ChainRecord::getUri).orElse(null),
            next.minTransactionId());
    draft.act(new ScheduleAction.CreateBackup(backup));
    draft.status.setLastScheduleTime(tick.toString());
    draft.created.add(backup.getMetadata().getName());
    if (next.newChain()) {
      draft.ensureChain(backup, tick, next.why());
      draft.event(
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
    draft.count(Outcome.started, 1);
    draft.event(
        ScheduleEvent.BackupCreated,
        next.mode()
            + " backup "
            + backup.getMetadata().getName()
            + " into "
            + next.chainPath()
            + " for the run scheduled at "
            + tick);
  }

  /** What the chain planner compares chains with: where the template writes, and what. */
  private static ChainPlanner.Template template(BackupTemplateSpec spec) {
    Target target = spec.getTarget();
    if (target.getObjectStore() != null) {
      String prefix = target.getObjectStore().getPrefix();
      return new ChainPlanner.Template(
          null,
          target.getObjectStore().getBucket(),
          prefix == null ? "" : prefix,
          spec.getDatabase());
    }
    return new ChainPlanner.Template(target.getClaimName(), target.getPath(), spec.getDatabase());
  }

  /**
   * Deletes finished Neo4jBackups beyond the history limits (never their data). Only backups the
   * stored status already records are deleted, so that none is forgotten unrecorded.
   */
  private static void pruneHistory(DecisionDraft draft) {
    Instant recordedThrough = recordedThrough(draft.original);
    Neo4jBackupScheduleSpec spec = draft.schedule().getSpec();
    prune(draft, BackupPhase.Succeeded, spec.getSuccessfulBackupsHistoryLimit(), recordedThrough);
    prune(draft, BackupPhase.Failed, spec.getFailedBackupsHistoryLimit(), recordedThrough);
  }

  private static void prune(
      DecisionDraft draft, BackupPhase phase, Integer limit, Instant recordedThrough) {
    List<Neo4jBackup> finished =
        draft.backups.stream()
            .filter(b -> b.getStatus() != null && b.getStatus().getPhase() == phase)
            .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
            .toList();
    int keep = limit == null ? 3 : limit;
    for (int i = 0; i < finished.size() - keep; i++) {
      Neo4jBackup backup = finished.get(i);
      if (!ScheduledBackup.tick(backup).get().isAfter(recordedThrough)) {
        draft.act(new ScheduleAction.DeleteBackup(backup));
      }
    }
  }

  private static void ready(DecisionDraft draft, RunPlan plan) {
    draft.status.setNextScheduleTime(plan.next().map(Instant::toString).orElse(null));
    if (Boolean.TRUE.equals(draft.schedule().getSpec().getSuspend())) {
      condition(
          draft,
          ScheduleConditionType.Ready,
          ConditionStatus.False,
          ScheduleConditionReason.Suspended,
          "spec.suspend is true: no new backups start");
    } else {
      condition(
          draft,
          ScheduleConditionType.Ready,
          ConditionStatus.True,
          ScheduleConditionReason.Scheduled,
          plan.next().map(t -> "next run at " + t).orElse("the schedule never fires again"));
    }
  }

  private static void invalid(DecisionDraft draft, InvalidScheduleException e) {
    draft.status.setNextScheduleTime(null);
    boolean alreadyReported =
        draft.original.getConditions() != null
            && draft.original.getConditions().stream()
                .anyMatch(
                    c ->
                        c.getType() == ScheduleConditionType.Ready
                            && c.getReason() == e.reason()
                            && e.getMessage().equals(c.getMessage()));
    if (!alreadyReported) {
      draft.event(ScheduleEvent.InvalidSpec, e.getMessage());
    }
    condition(
        draft, ScheduleConditionType.Ready, ConditionStatus.False, e.reason(), e.getMessage());
  }

  /** The parts of the status every decision refreshes. */
  private static void finish(DecisionDraft draft) {
    List<String> active = new ArrayList<>(names(draft.running()));
    draft.created.stream().filter(n -> !active.contains(n)).forEach(active::add);
    draft.status.setActiveBackups(active.isEmpty() ? null : active);
    draft.status.setRecoveryWindow(
        draft.status.getChains() == null ? null : RecoveryWindows.across(draft.status.getChains()));
    lastBackupCondition(draft);
    draft.status.setObservedGeneration(draft.schedule().getMetadata().getGeneration());
  }

  private static void lastBackupCondition(DecisionDraft draft) {
    BackupRecord success = draft.status.getLastSuccessfulBackup();
    BackupRecord failure = draft.status.getLastFailedBackup();
    BackupRecord last = ScheduleMetrics.newer(success, failure);
    if (last == null) {
      return;
    }
    if (last == success) {
      condition(
          draft,
          ScheduleConditionType.LastBackupSucceeded,
          ConditionStatus.True,
          ScheduleConditionReason.BackupSucceeded,
          "backup " + success.getName() + " succeeded at " + success.getCompletionTime());
    } else {
      condition(
          draft,
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

  static void condition(
      DecisionDraft draft,
      ScheduleConditionType type,
      ConditionStatus value,
      ScheduleConditionReason reason,
      String message) {
    ScheduleCondition condition = new ScheduleCondition();
    condition.setType(type);
    condition.setStatus(value);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(draft.schedule().getMetadata().getGeneration());
    draft.status.setConditions(
        Conditions.SCHEDULE.set(draft.status.getConditions(), condition, draft.now()));
  }

  private Duration sleep(
      RunPlan plan, Instant now, Optional<Instant> deletionRetry, Optional<Instant> nextDrill) {
    Duration sleep =
        plan.replace().isPresent()
            ? REPLACE_RECHECK
            : plan.next().map(next -> Duration.between(now, next).plusMillis(20)).orElse(maxSleep);
    for (Optional<Instant> wakeUp : List.of(deletionRetry, nextDrill)) {
      if (wakeUp.isPresent()) {
        Duration until = Duration.between(now, wakeUp.get()).plusMillis(20);
        sleep = until.compareTo(sleep) < 0 ? until : sleep;
      }
    }
    return sleep.compareTo(maxSleep) > 0 ? maxSleep : sleep;
  }

  private static BackupRecord record(Neo4jBackup backup) {
    var s = backup.getStatus();
    BackupRecord record = new BackupRecord();
    record.setName(backup.getMetadata().getName());
    record.setScheduledTime(ScheduledBackup.tick(backup).get().toString());
    record.setChainPath(ScheduledBackup.chainPath(backup));
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

  private static Optional<Instant> time(String rfc3339) {
    if (rfc3339 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long count(Long value) {
    return value == null ? 0 : value;
  }

  private static List<String> names(List<Neo4jBackup> backups) {
    return backups.stream().map(b -> b.getMetadata().getName()).toList();
  }
}

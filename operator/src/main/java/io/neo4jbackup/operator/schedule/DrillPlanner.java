package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.DrillRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.DrillJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.result.DrillOutcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A schedule's restore drills, decided as part of {@link ScheduleDecider}'s pure step: records the
 * drill Jobs that finished (status {@code lastDrill}, the {@code DrillPassed} condition, an Event),
 * deletes the older finished ones, and starts the drill of the latest drill time not yet handled
 * when nothing of the schedule writes: no backup runs or starts, no chain deletion runs or starts,
 * no other drill runs (otherwise it waits for a later reconciliation). A drill drills the newest
 * successful backup's chain; without one it waits. Drill times missed while the operator was down
 * (or while the drill waited) run once: only the latest counts. The Job's name depends only on the
 * drill time ({@link ScheduleNames#drillJob}), so an operator that restarts never starts a drill
 * twice.
 */
final class DrillPlanner {

  private final DecisionDraft draft;
  private final OperatorConfig config;

  DrillPlanner(DecisionDraft draft, OperatorConfig config) {
    this.draft = draft;
    this.config = config;
  }

  /**
   * The drill schedule of {@code spec}, in the schedule's time zone; empty without {@code
   * spec.drill}. An {@link InvalidScheduleException} (reason InvalidDrill) says what is wrong.
   */
  static Optional<CronSchedule> validate(Neo4jBackupScheduleSpec spec) {
    ScheduleDrill drill = spec.getDrill();
    if (drill == null) {
      return Optional.empty();
    }
    if (drill.getQuery() == null || drill.getExpect() == null || drill.getSchedule() == null) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidDrill,
          "spec.drill needs schedule, query and expect: a drill checks that the query answers"
              + " what is expected");
    }
    try {
      return Optional.of(CronSchedule.parse(drill.getSchedule(), spec.getTimeZone()));
    } catch (InvalidScheduleException e) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidDrill, "spec.drill.schedule: " + e.getMessage());
    }
  }

  /** Carries out the drills' part of the decision; returns the next drill time, if any. */
  Optional<Instant> apply() {
    List<Job> jobs =
        draft.in.jobs().stream()
            .filter(DrillJob::isDrill)
            .filter(job -> DrillJob.slot(job).isPresent())
            .sorted(Comparator.comparing(job -> DrillJob.slot(job).get()))
            .toList();
    adoptUnrecordedStarts(jobs);
    recordFinished(jobs);
    pruneFinished(jobs);
    condition();
    Optional<CronSchedule> cron = validate(draft.schedule().getSpec());
    if (cron.isEmpty()) {
      return Optional.empty();
    }
    startIfDue(cron.get(), jobs);
    return cron.get().next(draft.now());
  }

  /** Drill Jobs created by a decision whose status was never written count as started. */
  private void adoptUnrecordedStarts(List<Job> jobs) {
    Neo4jBackupScheduleStatus status = draft.status;
    for (Job job : jobs) {
      Instant slot = DrillJob.slot(job).get();
      if (time(status.getLastDrillTime()).map(slot::isAfter).orElse(true)) {
        status.setLastDrillTime(slot.toString());
      }
    }
  }

  /** Records each newly finished drill, in drill-time order: status, Event, counts. */
  private void recordFinished(List<Job> jobs) {
    for (Job job : jobs) {
      Instant slot = DrillJob.slot(job).get();
      if (!finished(job) || !slot.isAfter(recordedThrough(draft.status))) {
        continue;
      }
      String name = job.getMetadata().getName();
      DrillOutcome outcome =
          draft.in.drillOutcomes().getOrDefault(name, new DrillOutcome.NoAnswer(noPod(job)));
      DrillRecord record = record(job, slot, outcome);
      draft.status.setLastDrill(record);
      draft.countDrill(
          record.getPassed() ? ScheduleMetrics.Drill.passed : ScheduleMetrics.Drill.failed);
      String drilled =
          "restore drill "
              + name
              + " of backup "
              + record.getBackupName()
              + " ("
              + record.getChainPath()
              + ")";
      if (record.getPassed()) {
        draft.event(
            ScheduleEvent.DrillPassed,
            drilled
                + " passed: the query answered "
                + record.getActual()
                + " at transaction "
                + record.getLastTxId()
                + ", as expected");
      } else {
        draft.event(ScheduleEvent.DrillFailed, drilled + " failed: " + record.getMessage());
      }
    }
  }

  private DrillRecord record(Job job, Instant slot, DrillOutcome outcome) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    DrillRecord record = new DrillRecord();
    record.setJobName(job.getMetadata().getName());
    record.setScheduledTime(slot.toString());
    record.setBackupName(annotations.get(DrillJob.BACKUP_ANNOTATION));
    record.setChainPath(annotations.get(DrillJob.CHAIN_ANNOTATION));
    record.setTime(end(job).orElse(draft.now()).toString());
    if (outcome instanceof DrillOutcome.Answered answered) {
      DrillResult drilled = answered.drilled();
      record.setLastTxId(drilled.lastTxId());
      record.setExpected(drilled.expected());
      record.setActual(drilled.actual());
      record.setPassed(drilled.passed());
      record.setMessage(drilled.passed() ? null : answered.message());
    } else {
      ScheduleDrill drill = draft.schedule().getSpec().getDrill();
      record.setExpected(drill == null ? null : drill.getExpect());
      record.setPassed(false);
      record.setMessage(((DrillOutcome.NoAnswer) outcome).message());
    }
    return record;
  }

  /**
   * Deletes the finished drill Jobs the stored status already records, but the latest recorded one,
   * whose pod's logs may still be wanted.
   */
  private void pruneFinished(List<Job> jobs) {
    Instant recorded = recordedThrough(draft.original);
    DrillRecord last = draft.original.getLastDrill();
    for (Job job : jobs) {
      boolean latest = last != null && job.getMetadata().getName().equals(last.getJobName());
      if (finished(job)
          && !latest
          && job.getMetadata().getDeletionTimestamp() == null
          && !DrillJob.slot(job).get().isAfter(recorded)) {
        draft.act(new ScheduleAction.DeleteJob(job));
      }
    }
  }

  /** The DrillPassed condition, from the latest recorded drill. */
  private void condition() {
    DrillRecord last = draft.status.getLastDrill();
    if (last == null) {
      return;
    }
    ScheduleDecider.condition(
        draft,
        ScheduleConditionType.DrillPassed,
        last.getPassed() ? ConditionStatus.True : ConditionStatus.False,
        last.getPassed()
            ? ScheduleConditionReason.DrillPassed
            : ScheduleConditionReason.DrillFailed,
        "restore drill "
            + last.getJobName()
            + " of backup "
            + last.getBackupName()
            + (last.getPassed()
                ? " passed at " + last.getTime() + " (transaction " + last.getLastTxId() + ")"
                : " failed at " + last.getTime() + ": " + last.getMessage()));
  }

  /** Starts the drill of the latest drill time not handled yet, unless something must end first. */
  private void startIfDue(CronSchedule cron, List<Job> jobs) {
    Neo4jBackupScheduleStatus status = draft.status;
    Instant handled =
        time(status.getLastDrillTime())
            .or(() -> time(draft.schedule().getMetadata().getCreationTimestamp()))
            .orElse(draft.now());
    Optional<Instant> slot = cron.latestAtOrBefore(draft.now());
    if (slot.isEmpty() || !slot.get().isAfter(handled) || !quiet(jobs)) {
      return;
    }
    BackupRecord newest = status.getLastSuccessfulBackup();
    Optional<ChainRecord> chain =
        newest == null ? Optional.empty() : draft.chain(newest.getChainPath());
    if (chain.isEmpty() || chain.get().getDeletionJob() != null) {
      return; // nothing to drill yet: the drill runs once a backup has succeeded
    }
    var job =
        DrillJob.desired(
            draft.schedule(),
            new DrillJob.Target(
                slot.get(), newest.getName(), chain.get().getClaimName(), newest.getChainPath()),
            config);
    draft.act(new ScheduleAction.CreateDrillJob(job));
    status.setLastDrillTime(slot.get().toString());
    draft.countDrill(ScheduleMetrics.Drill.started);
    draft.event(
        ScheduleEvent.DrillStarted,
        "restore drill "
            + job.getMetadata().getName()
            + " of backup "
            + newest.getName()
            + " ("
            + newest.getChainPath()
            + ", last transaction "
            + newest.getLastTransactionId()
            + ") for the drill time "
            + slot.get());
  }

  /**
   * Whether nothing of the schedule that a drill must not overlap runs or starts: a backup, a chain
   * deletion, another drill; and the schedule is not suspended.
   */
  private boolean quiet(List<Job> drills) {
    if (Boolean.TRUE.equals(draft.schedule().getSpec().getSuspend())
        || !draft.running().isEmpty()
        || drills.stream().anyMatch(job -> !finished(job))) {
      return false;
    }
    boolean retentionRuns =
        draft.in.jobs().stream()
            .filter(job -> ScheduleNames.RETENTION_COMPONENT.equals(component(job)))
            .anyMatch(job -> !finished(job) && job.getMetadata().getDeletionTimestamp() == null);
    return !retentionRuns
        && draft.actions().stream()
            .noneMatch(
                a ->
                    a instanceof ScheduleAction.CreateBackup
                        || a instanceof ScheduleAction.CreateRetentionJob);
  }

  private static String component(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels == null ? null : labels.get("app.kubernetes.io/component");
  }

  private static String noPod(Job job) {
    return "the drill Job "
        + job.getMetadata().getName()
        + " ended without a pod that reported a result (deadline "
        + job.getSpec().getActiveDeadlineSeconds()
        + " s passed, the pod was evicted or deleted; see the Job's events)";
  }

  /** Whether the Job has ended, one way or the other. */
  static boolean finished(Job job) {
    return condition(job, "Complete").isPresent() || condition(job, "Failed").isPresent();
  }

  /** When the Job ended, as the Job reports it. */
  private static Optional<Instant> end(Job job) {
    Optional<String> time =
        job.getStatus() != null && job.getStatus().getCompletionTime() != null
            ? Optional.of(job.getStatus().getCompletionTime())
            : condition(job, "Complete")
                .or(() -> condition(job, "Failed"))
                .map(JobCondition::getLastTransitionTime);
    return time.flatMap(DrillPlanner::time);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** The latest drill time whose finished drill {@code status} records. */
  private static Instant recordedThrough(Neo4jBackupScheduleStatus status) {
    return Optional.ofNullable(status.getLastDrill())
        .flatMap(d -> time(d.getScheduledTime()))
        .orElse(Instant.MIN);
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
}

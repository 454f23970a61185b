package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.DeletionResult;
import io.neo4jbackup.operator.result.DrillOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a schedule's decision is made from, as the reconciler read it from the cluster.
 *
 * @param schedule the schedule, with the status its last reconciliation wrote
 * @param backups the schedule's Neo4jBackups (those without a tick annotation are ignored)
 * @param jobs the schedule's retention and restore drill Jobs
 * @param failedDeletions for each retention Job that failed, by its name, what its last pod
 *     reported ({@link Retention#failure}); a failed Job missing here had no pod that reported
 * @param drillOutcomes for each finished drill Job, by its name, what its last pod reported; a
 *     finished drill Job missing here had no pod that reported
 * @param targetsInUse the targets of the namespace's unfinished Neo4jBackups and of the backup pods
 *     still running, scheduled or not; empty when not read yet (read only when retention asks,
 *     {@link ScheduleDecision#needsTargetsInUse()})
 * @param now the time the decision is made at
 */
public record ScheduleInput(
    Neo4jBackupSchedule schedule,
    List<Neo4jBackup> backups,
    List<Job> jobs,
    Map<String, DeletionResult.Failed> failedDeletions,
    Map<String, DrillOutcome> drillOutcomes,
    Optional<List<TargetPath>> targetsInUse,
    Instant now) {

  public ScheduleInput {
    backups = List.copyOf(backups);
    jobs = List.copyOf(jobs);
    failedDeletions = Map.copyOf(failedDeletions);
    drillOutcomes = Map.copyOf(drillOutcomes);
    targetsInUse = targetsInUse.map(List::copyOf);
  }

  /**
   * The schedule, its backups and retention Jobs at {@code now}, with nothing read about failed
   * Jobs' pods nor the targets in use.
   */
  public static ScheduleInput of(
      Neo4jBackupSchedule schedule, List<Neo4jBackup> backups, List<Job> jobs, Instant now) {
    return new ScheduleInput(schedule, backups, jobs, Map.of(), Map.of(), Optional.empty(), now);
  }

  /** This input with the namespace's targets in use known. */
  public ScheduleInput withTargetsInUse(List<TargetPath> targets) {
    return new ScheduleInput(
        schedule, backups, jobs, failedDeletions, drillOutcomes, Optional.of(targets), now);
  }

  /** This input with what the failed retention Jobs' pods reported. */
  public ScheduleInput withFailedDeletions(Map<String, DeletionResult.Failed> failures) {
    return new ScheduleInput(schedule, backups, jobs, failures, drillOutcomes, targetsInUse, now);
  }

  /** This input with what the finished drill Jobs' pods reported. */
  public ScheduleInput withDrillOutcomes(Map<String, DrillOutcome> outcomes) {
    return new ScheduleInput(schedule, backups, jobs, failedDeletions, outcomes, targetsInUse, now);
  }
}

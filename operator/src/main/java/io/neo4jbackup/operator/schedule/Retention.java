package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.job.RetentionJob;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.DeletionResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A schedule's retention, as part of its decision: starts a {@link RetentionJob} for each chain
 * {@link RetentionPlanner} chooses, follows those Jobs to their end, and records in the status what
 * was deleted and why (the chain moves to {@code deletedChains}), or why not yet (a failed Job is
 * deleted and its chain tried again after {@link #DELETION_RETRY}). Pure: it changes the draft's
 * status and adds actions and Events to it.
 */
final class Retention {

  /** How many deleted chains the status remembers. */
  static final int DELETED_CHAINS_KEPT = 10;

  /** How long after a failed chain deletion (a held lock, say) retention tries again. */
  static final Duration DELETION_RETRY = Duration.ofMinutes(5);

  private final DecisionDraft draft;
  private final OperatorConfig config;

  Retention(DecisionDraft draft, OperatorConfig config) {
    this.draft = draft;
    this.config = config;
  }

  /**
   * Follows the deletions under way, then starts those retention now chooses, unless they need the
   * namespace's targets in use and the input does not hold them (the draft then says so).
   */
  void apply() {
    Map<String, Job> jobs = new LinkedHashMap<>();
    draft.in.jobs().forEach(job -> jobs.put(job.getMetadata().getName(), job));
    for (ChainRecord chain : List.copyOf(draft.chains())) {
      if (chain.getDeletionJob() != null) {
        progress(chain, jobs.get(chain.getDeletionJob()));
      }
    }
    RetentionPlanner.Rules rules =
        RetentionPlanner.Rules.of(draft.schedule().getSpec().getRetention());
    if (startable(RetentionPlanner.choose(reachable(), rules, List.of(), draft.now())).isEmpty()) {
      return;
    }
    // Only now, with a chain to delete, is what the namespace writes needed.
    if (draft.in.targetsInUse().isEmpty()) {
      draft.needTargetsInUse();
      return;
    }
    List<TargetPath> inUse = new ArrayList<>(draft.in.targetsInUse().get());
    // The backup this decision creates is not in the cluster yet, but will write.
    for (Neo4jBackup backup : draft.createdBackups()) {
      try {
        inUse.add(TargetPath.of(backup.getSpec().getTarget()));
      } catch (InvalidSpecException e) {
        // A target no backup can write into.
      }
    }
    for (RetentionPlanner.Deletion deletion :
        startable(RetentionPlanner.choose(reachable(), rules, inUse, draft.now()))) {
      start(deletion);
    }
  }

  /** The retention Jobs {@code schedule}'s status follows: those of the chains being deleted. */
  static Set<String> followedJobs(Neo4jBackupSchedule schedule) {
    Neo4jBackupScheduleStatus status = schedule.getStatus();
    return status == null || status.getChains() == null
        ? Set.of()
        : status.getChains().stream()
            .map(ChainRecord::getDeletionJob)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
  }

  /** The earliest time still to come at which a failed chain deletion is tried again. */
  static Optional<Instant> nextRetry(Neo4jBackupScheduleStatus status, Instant now) {
    return status.getChains() == null
        ? Optional.empty()
        : status.getChains().stream()
            .map(ChainRecord::getDeletionRetryTime)
            .filter(Objects::nonNull)
            .map(Instant::parse)
            .filter(retry -> retry.isAfter(now))
            .min(Comparator.naturalOrder());
  }

  /** Whether the retention Job has failed for good (its own retries spent). */
  static boolean failed(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** What a failed retention Job's pods ({@code pods}) reported: the last one's engine result. */
  static DeletionResult.Failed failure(List<Pod> pods) {
    Optional<ContainerStateTerminated> last =
        pods.stream()
            .flatMap(
                pod ->
                    pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? Stream.empty()
                        : pod.getStatus().getContainerStatuses().stream())
            .filter(c -> RetentionJob.CONTAINER.equals(c.getName()))
            .map(c -> c.getState() == null ? null : c.getState().getTerminated())
            .filter(Objects::nonNull)
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

  private static boolean succeeded(Job job) {
    return job.getStatus() != null
        && job.getStatus().getSucceeded() != null
        && job.getStatus().getSucceeded() > 0;
  }

  /**
   * The chains, but for those in a bucket the template no longer names: their deletion would need
   * the endpoint and credentials of a template that is gone, so they stay in the bucket and in the
   * status (delete them by hand).
   */
  private List<ChainRecord> reachable() {
    return draft.chains().stream()
        .filter(c -> RetentionJob.reachable(draft.schedule(), c))
        .toList();
  }

  private static List<RetentionPlanner.Deletion> startable(List<RetentionPlanner.Deletion> chosen) {
    return chosen.stream().filter(d -> d.chain().getDeletionJob() == null).toList();
  }

  private void start(RetentionPlanner.Deletion deletion) {
    ChainRecord chain = deletion.chain();
    Job job = RetentionJob.desired(draft.schedule(), chain, config);
    draft.act(new ScheduleAction.CreateRetentionJob(job));
    chain.setDeletionJob(job.getMetadata().getName());
    chain.setDeletionReason(deletion.reason());
    chain.setDeletionRetryTime(null);
    draft.event(
        ScheduleEvent.ChainDeletionStarted,
        "deleting chain "
            + chain.getPath()
            + " (Job "
            + job.getMetadata().getName()
            + "): "
            + deletion.reason());
  }

  /** Where the deletion of {@code chain} by {@code job} (null when not seen) stands. */
  private void progress(ChainRecord chain, Job job) {
    if (job == null && !RetentionJob.reachable(draft.schedule(), chain)) {
      // The template moved to another bucket meanwhile: the next round does not choose it.
      chain.setDeletionJob(null);
    } else if (job == null) {
      // Not in the cache yet, or deleted by someone: make sure it exists.
      draft.act(
          new ScheduleAction.CreateRetentionJob(
              RetentionJob.desired(draft.schedule(), chain, config)));
    } else if (succeeded(job)) {
      deleted(chain, job);
    } else if (failed(job)) {
      notDeleted(chain, job);
    }
  }

  private void deleted(ChainRecord chain, Job job) {
    Neo4jBackupScheduleStatus status = draft.status;
    List<ChainRecord> remaining = new ArrayList<>(draft.chains());
    remaining.remove(chain);
    status.setChains(remaining);
    chain.setDeletionJob(null);
    chain.setDeletionFailure(null);
    chain.setDeletionRetryTime(null);
    chain.setDeletionTime(draft.now().truncatedTo(ChronoUnit.SECONDS).toString());
    List<ChainRecord> deleted =
        status.getDeletedChains() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getDeletedChains());
    deleted.add(chain);
    status.setDeletedChains(
        deleted.subList(Math.max(0, deleted.size() - DELETED_CHAINS_KEPT), deleted.size()));
    draft.act(new ScheduleAction.DeleteJob(job));
    draft.event(
        ScheduleEvent.ChainDeleted,
        "deleted chain " + chain.getPath() + ": " + chain.getDeletionReason());
  }

  private void notDeleted(ChainRecord chain, Job job) {
    String name = job.getMetadata().getName();
    DeletionResult.Failed failure =
        draft.in.failedDeletions().getOrDefault(name, failure(List.of()));
    Instant retry = draft.now().plus(DELETION_RETRY).truncatedTo(ChronoUnit.SECONDS);
    chain.setDeletionJob(null);
    chain.setDeletionFailure(failure.message());
    chain.setDeletionRetryTime(retry.toString());
    draft.act(new ScheduleAction.DeleteJob(job));
    if (failure.locked()) {
      draft.event(
          ScheduleEvent.ChainDeletionDeferred,
          "chain "
              + chain.getPath()
              + " is in use (a backup or restore holds its lock), so nothing was deleted;"
              + " retention tries again after "
              + retry);
    } else {
      draft.event(
          ScheduleEvent.ChainDeletionFailed,
          "could not delete chain "
              + chain.getPath()
              + " (Job "
              + name
              + "): "
              + failure.message()
              + "; retention tries again after "
              + retry);
    }
  }
}

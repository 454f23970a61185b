package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import io.neo4jbackup.api.v1alpha1.DrillRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.operator.EventRecorder;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.StatusWriter;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.DrillJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.TargetPath;
import io.neo4jbackup.operator.result.DeletionResult;
import io.neo4jbackup.operator.result.DrillOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs Neo4jBackupSchedules: reads what a schedule's decision needs from the cluster, has {@link
 * ScheduleDecider} decide (a pure step: the new status, the backups and Jobs to create and delete,
 * the Events), applies the decision, and wakes the schedule up for its next tick. Errors are the
 * framework's to retry: a failed write fails the reconciliation, which runs again from fresh state.
 */
public class Neo4jBackupScheduleReconciler implements Reconciler<Neo4jBackupSchedule> {

  private final ScheduleDecider decider;
  private final ScheduleMetrics metrics;
  private final Clock clock;

  public Neo4jBackupScheduleReconciler(
      OperatorConfig config, ScheduleMetrics metrics, Clock clock) {
    this(config, metrics, clock, ScheduleDecider.MAX_SLEEP);
  }

  /** With a shorter {@code maxSleep}, tests that move {@code clock} by hand see ticks promptly. */
  Neo4jBackupScheduleReconciler(
      OperatorConfig config, ScheduleMetrics metrics, Clock clock, Duration maxSleep) {
    this.decider = new ScheduleDecider(config, maxSleep);
    this.metrics = metrics;
    this.clock = clock;
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
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, Neo4jBackupSchedule.class)
            // Retention and drill Jobs carry the schedule label; backup Jobs do not.
            .withLabelSelector(ScheduleNames.SCHEDULE_LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Neo4jBackupSchedule.class))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(
        new InformerEventSource<>(backups, context), new InformerEventSource<>(jobs, context));
  }

  @Override
  public UpdateControl<Neo4jBackupSchedule> reconcile(
      Neo4jBackupSchedule schedule, Context<Neo4jBackupSchedule> context) {
    String namespace = schedule.getMetadata().getNamespace();
    if (context.isPrimaryResourceDeleted()) {
      metrics.forget(namespace, schedule.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    KubernetesClient client = context.getClient();
    ScheduleInput input = observe(schedule, context);
    ScheduleDecision decision = decider.decide(input);
    if (decision.needsTargetsInUse()) {
      decision = decider.decide(input.withTargetsInUse(targetsInUse(client, namespace)));
    }
    apply(decision.actions(), client);
    recordEvents(schedule, decision, client);
    updateMetrics(schedule, decision);
    StatusWriter.write(schedule, decision.status(), context);
    UpdateControl<Neo4jBackupSchedule> control = UpdateControl.noUpdate();
    return decision.requeueAfter().map(control::rescheduleAfter).orElse(control);
  }

  /**
   * The schedule's backups, retention and drill Jobs, what the pods of each failed retention Job
   * its status follows reported, and what those of each drill Job not yet recorded reported.
   */
  private ScheduleInput observe(
      Neo4jBackupSchedule schedule, Context<Neo4jBackupSchedule> context) {
    List<Job> jobs = List.copyOf(context.getSecondaryResources(Job.class));
    Set<String> followed = Retention.followedJobs(schedule);
    Map<String, DeletionResult.Failed> failures = new HashMap<>();
    for (Job job : jobs) {
      if (followed.contains(job.getMetadata().getName()) && Retention.failed(job)) {
        String name = job.getMetadata().getName();
        var pods = context.getClient().pods().inNamespace(job.getMetadata().getNamespace());
        failures.put(name, Retention.failure(pods.withLabel("job-name", name).list().getItems()));
      }
    }
    List<Neo4jBackup> backups = List.copyOf(context.getSecondaryResources(Neo4jBackup.class));
    return ScheduleInput.of(schedule, backups, jobs, clock.instant())
        .withFailedDeletions(failures)
        .withDrillOutcomes(drillOutcomes(schedule, jobs, context.getClient()));
  }

  /** What the last pod of each finished drill Job the status does not record yet reported. */
  private static Map<String, DrillOutcome> drillOutcomes(
      Neo4jBackupSchedule schedule, List<Job> jobs, KubernetesClient client) {
    DrillRecord recorded =
        schedule.getStatus() == null ? null : schedule.getStatus().getLastDrill();
    Map<String, DrillOutcome> outcomes = new HashMap<>();
    for (Job job : jobs) {
      String name = job.getMetadata().getName();
      if (!DrillJob.isDrill(job)
          || !DrillPlanner.finished(job)
          || (recorded != null && name.equals(recorded.getJobName()))) {
        continue;
      }
      var pods = client.pods().inNamespace(job.getMetadata().getNamespace());
      lastTerminated(pods.withLabel("job-name", name).list().getItems())
          .ifPresent(terminated -> outcomes.put(name, DrillOutcome.read(terminated)));
    }
    return outcomes;
  }

  private static Optional<ContainerStateTerminated> lastTerminated(List<Pod> pods) {
    return pods.stream()
        .filter(pod -> pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null)
        .flatMap(pod -> pod.getStatus().getContainerStatuses().stream())
        .filter(c -> DrillJob.CONTAINER.equals(c.getName()))
        .map(c -> c.getState() == null ? null : c.getState().getTerminated())
        .filter(Objects::nonNull)
        .max(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()));
  }

  /**
   * Where the namespace writes or may soon write: every unfinished Neo4jBackup's target, scheduled
   * or not, and every backup pod that still runs (its backup may be gone).
   */
  private static List<TargetPath> targetsInUse(KubernetesClient client, String namespace) {
    List<TargetPath> inUse = new ArrayList<>();
    for (Neo4jBackup backup :
        client.resources(Neo4jBackup.class).inNamespace(namespace).list().getItems()) {
      if (!DecisionDraft.finished(backup)
          && backup.getSpec() != null
          && backup.getSpec().getTarget() != null) {
        try {
          inUse.add(TargetPath.of(backup.getSpec().getTarget()));
        } catch (InvalidSpecException e) {
          // A target no backup can write into.
        }
      }
    }
    client
        .pods()
        .inNamespace(namespace)
        .withLabel(BackupJob.BACKUP_LABEL)
        .list()
        .getItems()
        .forEach(pod -> TargetPath.writtenBy(pod).ifPresent(inUse::add));
    return inUse;
  }

  /** Carries out the decision's changes in order; what exists already was an earlier attempt's. */
  private static void apply(List<ScheduleAction> actions, KubernetesClient client) {
    for (ScheduleAction action : actions) {
      if (action instanceof ScheduleAction.CreateBackup create) {
        createIfAbsent(client, create.backup());
      } else if (action instanceof ScheduleAction.CreateRetentionJob create) {
        createIfAbsent(client, create.job());
      } else if (action instanceof ScheduleAction.CreateDrillJob create) {
        createIfAbsent(client, create.job());
      } else if (action instanceof ScheduleAction.DeleteBackup delete) {
        client.resource(delete.backup()).delete();
      } else if (action instanceof ScheduleAction.DeleteJob delete) {
        client
            .resource(delete.job())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
      }
    }
  }

  private static void createIfAbsent(KubernetesClient client, HasMetadata resource) {
    try {
      client.resource(resource).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void recordEvents(
      Neo4jBackupSchedule schedule, ScheduleDecision decision, KubernetesClient client) {
    EventRecorder events = new EventRecorder(client, clock);
    decision.events().forEach(e -> events.record(schedule, e.reason(), e.message()));
  }

  /** Counts the decision's runs, and sets the gauges from its status. */
  private void updateMetrics(Neo4jBackupSchedule schedule, ScheduleDecision decision) {
    String namespace = schedule.getMetadata().getNamespace();
    String name = schedule.getMetadata().getName();
    decision.runs().forEach((outcome, runs) -> metrics.count(namespace, name, outcome, runs));
    decision
        .drills()
        .forEach((outcome, drills) -> metrics.countDrills(namespace, name, outcome, drills));
    metrics.observe(namespace, name, decision.status());
  }
}

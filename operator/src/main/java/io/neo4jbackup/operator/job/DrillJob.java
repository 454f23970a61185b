package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.operator.OperatorConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Job of a schedule's restore drill: the engine, {@code neo4j-backup drill DIR -drill-query Q
 * -drill-expect E -json}, copies the newest state of the backup in {@code DIR} to {@code /tmp},
 * boots it read-only and checks the query's answer (exit 0 when it passed, 6 otherwise). The claim
 * is mounted read-only: a drill never changes a backup. Like every engine Job it runs the
 * operator's engine image as the operator's service account with the operator's security contexts
 * (read-only root file system, an {@code emptyDir} at {@code /tmp}), as the template's Job settings
 * may tighten them, with the template's resources (the drill boots Neo4j). A pure function.
 */
public final class DrillJob {

  public static final String CONTAINER = "drill";

  /** Annotation on a drill Job: the drill schedule's time it runs for (RFC 3339). */
  public static final String SLOT_ANNOTATION = "neo4jbackup.io/drill-scheduled-time";

  /** Annotation on a drill Job: the Neo4jBackup whose backup it drills. */
  public static final String BACKUP_ANNOTATION = "neo4jbackup.io/drilled-backup";

  /** Annotation on a drill Job: the chain directory it drills, inside the claim. */
  public static final String CHAIN_ANNOTATION = "neo4jbackup.io/drilled-chain";

  /** Where the template's Job settings are, for messages. */
  static final String TEMPLATE_JOB = "spec.backupTemplate.spec.job";

  private DrillJob() {}

  /**
   * What the drill Job runs for: the schedule, the drill schedule's {@code slot}, and the backup
   * drilled ({@code backupName}, written into {@code chainPath} of {@code claimName}).
   */
  public record Target(Instant slot, String backupName, String claimName, String chainPath) {}

  /** The engine's arguments: drill the chain's directory, as the pod sees it. */
  static List<String> arguments(ScheduleDrill drill, String chainPath) {
    return EngineArguments.drill(
        TargetDirectory.inContainer(chainPath), drill.getQuery(), drill.getExpect());
  }

  /** The drill Job of {@code schedule} for {@code target}, owned by the schedule. */
  public static Job desired(Neo4jBackupSchedule schedule, Target target, OperatorConfig config) {
    ScheduleDrill drill = schedule.getSpec().getDrill();
    JobSettings settings = schedule.getSpec().getBackupTemplate().getSpec().getJob();
    if (settings == null) {
      settings = new JobSettings();
    }
    EngineSecurity security = EngineSecurity.of(config, settings, TEMPLATE_JOB);
    Map<String, String> labels = labels(schedule);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SLOT_ANNOTATION, target.slot().toString());
    annotations.put(BACKUP_ANNOTATION, target.backupName());
    annotations.put(CHAIN_ANNOTATION, target.chainPath());
    return new JobBuilder()
        .withNewMetadata()
        .withName(ScheduleNames.drillJob(schedule.getMetadata().getName(), target.slot()))
        .withNamespace(schedule.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(Owners.controller(schedule))
        .endMetadata()
        .withNewSpec()
        // A drill that answered wrongly would answer so again; the next drill time tries again.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(
            settings.getActiveDeadlineSeconds() == null
                ? BackupJob.DEFAULT_ACTIVE_DEADLINE_SECONDS
                : settings.getActiveDeadlineSeconds())
        .withTemplate(
            new EnginePod(
                    CONTAINER,
                    EngineCommand.command(arguments(drill, target.chainPath()), false),
                    target.claimName(),
                    SecretVolumes.of(null, null),
                    settings.getResources(),
                    BackupJob.readerLabels(labels),
                    BackupJob.readerAnnotations(
                        settings.getPodAnnotations(),
                        TargetPath.of(target.claimName(), target.chainPath())),
                    true)
                .template(config, settings, security))
        .endSpec()
        .build();
  }

  /** The drill schedule's time {@code job} runs for, when it is a drill Job. */
  public static Optional<Instant> slot(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String slot = annotations == null ? null : annotations.get(SLOT_ANNOTATION);
    try {
      return Optional.ofNullable(slot).map(Instant::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code job} is a restore drill's, by its component label. */
  public static boolean isDrill(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels != null
        && ScheduleNames.DRILL_COMPONENT.equals(labels.get("app.kubernetes.io/component"));
  }

  static Map<String, String> labels(Neo4jBackupSchedule schedule) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "neo4j-backup");
    labels.put("app.kubernetes.io/component", ScheduleNames.DRILL_COMPONENT);
    labels.put("app.kubernetes.io/managed-by", "neo4j-backup-operator");
    labels.put(ScheduleNames.SCHEDULE_LABEL, schedule.getMetadata().getName());
    return labels;
  }
}

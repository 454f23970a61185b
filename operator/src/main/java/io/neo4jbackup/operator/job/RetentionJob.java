package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.operator.OperatorConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that deletes one chain's data from the target claim (the operator never mounts volumes):
 * the engine, {@code neo4j-backup delete DIR -json}, takes the chain's lock (exclusive, without
 * waiting) and deletes the chain directory with what the engine keeps beside it (staging and
 * previous copies, lock file, consistency reports). It refuses, deleting nothing, while a backup or
 * a restore holds the lock ({@code TARGET_BUSY}) and when the directory holds anything but a backup
 * it made ({@code TARGET}). The engine runs through the same wrapper as in backup Jobs ({@link
 * EngineCommand#command}), so its JSON line is the container's termination message. Only
 * directories named like a chain get a Job. Like a backup's, its pod runs the operator's engine
 * image as the operator's service account with the operator's security contexts, as the template
 * may tighten them. A pure function: schedule and chain in, Job out.
 */
public final class RetentionJob {

  public static final String CONTAINER = "delete-chain";

  /** Where the template's Job settings are, for messages. */
  static final String TEMPLATE_JOB = "spec.backupTemplate.spec.job";

  /** How long a deletion may run before the Job fails (and is retried at a later reconcile). */
  static final long ACTIVE_DEADLINE_SECONDS = 3600;

  private RetentionJob() {}

  /** The engine's arguments: delete the chain's directory, {@code DIR} as the pod sees it. */
  static List<String> arguments(ChainRecord chain) {
    if (!ScheduleNames.isChainPath(chain.getPath())) {
      throw new IllegalArgumentException(
          "refusing to delete '" + chain.getPath() + "': not a chain's directory");
    }
    return EngineArguments.delete(TargetDirectory.inContainer(chain.getPath()));
  }

  /** The Job that deletes {@code chain}, owned by {@code schedule}, run as its template says. */
  public static Job desired(
      Neo4jBackupSchedule schedule, ChainRecord chain, OperatorConfig config) {
    List<String> arguments = arguments(chain);
    JobSettings settings = schedule.getSpec().getBackupTemplate().getSpec().getJob();
    if (settings == null) {
      settings = new JobSettings();
    }
    EngineSecurity security = EngineSecurity.of(config, settings, TEMPLATE_JOB);
    Map<String, String> labels = labels(schedule);
    return new JobBuilder()
        .withNewMetadata()
        .withName(
            ScheduleNames.retentionJob(
                schedule.getMetadata().getName(), Instant.parse(chain.getStartTime())))
        .withNamespace(schedule.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Owners.controller(schedule))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
        .withTemplate(
            new EnginePod(
                    CONTAINER,
                    EngineCommand.command(arguments, false),
                    chain.getClaimName(),
                    SecretVolumes.of(null, null),
                    null,
                    labels,
                    settings.getPodAnnotations())
                .template(config, settings, security))
        .endSpec()
        .build();
  }

  static Map<String, String> labels(Neo4jBackupSchedule schedule) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "neo4j-backup");
    labels.put("app.kubernetes.io/component", ScheduleNames.RETENTION_COMPONENT);
    labels.put("app.kubernetes.io/managed-by", "neo4j-backup-operator");
    labels.put(ScheduleNames.SCHEDULE_LABEL, schedule.getMetadata().getName());
    return labels;
  }
}

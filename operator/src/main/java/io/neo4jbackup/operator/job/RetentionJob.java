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
import java.util.Optional;

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
 *
 * <p>A chain in an object store is deleted by its exact location as the engine reported it ({@code
 * neo4j-backup delete s3://bucket/prefix/chain-... OPTIONS -json}), reached as the template says
 * (credentials from its Secret as env, CA and key as files); no claim is mounted. The engine
 * refuses while a backup or restore holds a lease on the chain ({@code TARGET_BUSY}).
 */
public final class RetentionJob {

  public static final String CONTAINER = "delete-chain";

  /** Where the template's Job settings are, for messages. */
  static final String TEMPLATE_JOB = "spec.backupTemplate.spec.job";

  /** How long a deletion may run before the Job fails (and is retried at a later reconcile). */
  static final long ACTIVE_DEADLINE_SECONDS = 3600;

  private RetentionJob() {}

  /**
   * The object store chain {@code chain} names for deletion: its {@code uri}, in its recorded
   * bucket, named like a chain the engine starts. Empty for a chain in a claim, and for one whose
   * uri is unknown or does not qualify (then it is never deleted).
   */
  public static Optional<ObjectStoreLocation> objectStoreChain(ChainRecord chain) {
    if (chain.getBucket() == null) {
      return Optional.empty();
    }
    return ObjectStoreLocation.parse(chain.getUri())
        .filter(location -> location.bucket().equals(chain.getBucket()))
        .filter(location -> !location.prefix().isEmpty() && location.isChain());
  }

  /**
   * Whether a Job can delete {@code chain} as {@code schedule}'s template reaches storage now: a
   * claim's chain always, an object store's only in the bucket the template names.
   */
  public static boolean reachable(Neo4jBackupSchedule schedule, ChainRecord chain) {
    if (chain.getBucket() == null) {
      return true;
    }
    var target = schedule.getSpec().getBackupTemplate().getSpec().getTarget();
    return target != null
        && target.getObjectStore() != null
        && chain.getBucket().equals(target.getObjectStore().getBucket());
  }

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
    ObjectStoreAccess objectStore = null;
    List<String> arguments;
    if (chain.getBucket() != null) {
      ObjectStoreLocation location =
          objectStoreChain(chain)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "refusing to delete chain "
                              + chain.getPath()
                              + ": its object store location '"
                              + chain.getUri()
                              + "' is not a chain's"));
      objectStore = templateObjectStore(schedule);
      arguments = EngineArguments.delete(location.uri(), objectStore.reading());
    } else {
      arguments = arguments(chain);
    }
    JobSettings settings = schedule.getSpec().getBackupTemplate().getSpec().getJob();
    if (settings == null) {
      settings = new JobSettings();
    }
    EngineSecurity security = EngineSecurity.of(config, settings, TEMPLATE_JOB);
    Map<String, String> labels = labels(schedule);
    EnginePod pod =
        new EnginePod(
            CONTAINER,
            EngineCommand.command(arguments, false),
            chain.getClaimName(),
            SecretVolumes.of(null, null),
            null,
            labels,
            settings.getPodAnnotations());
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
            (objectStore == null ? pod : pod.withObjectStore(objectStore))
                .template(config, settings, security))
        .endSpec()
        .build();
  }

  /**
   * How the schedule's template reaches its object store (endpoint, credentials, CA, key), which
   * the deletion uses: the chain lies in the bucket the template names (a template that moved to
   * another bucket starts a new chain, and older chains keep the endpoint and credentials the
   * template gives now).
   */
  private static ObjectStoreAccess templateObjectStore(Neo4jBackupSchedule schedule) {
    var target = schedule.getSpec().getBackupTemplate().getSpec().getTarget();
    if (target == null || target.getObjectStore() == null) {
      throw new IllegalArgumentException(
          "the template names no object store to reach the chain's bucket with");
    }
    return ObjectStoreAccess.of(
        target.getObjectStore(), "spec.backupTemplate.spec.target.objectStore");
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

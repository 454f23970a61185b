package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.contract.InvalidBackupUriException;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.dns.ServiceDns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that runs one Neo4jBackup: a pure function of the resource and the operator's
 * configuration, with no I/O. The pod runs the operator's engine image as the operator's service
 * account, with the operator's security contexts as the spec may tighten them ({@link
 * EngineSecurity}). An {@link InvalidSpecException} says what in the spec cannot be run.
 */
public final class BackupJob {

  /** The backup container's name, for reading its termination message. */
  public static final String CONTAINER = "neo4j-backup";

  /** The label naming the Neo4jBackup a Job and its pods belong to. */
  public static final String BACKUP_LABEL = Neo4jBackup.GROUP + "/backup";

  /**
   * The annotation on the backup pods naming the target they write into ({@link #target}), so that
   * a backup into the same target waits for pods that are still stopping.
   */
  public static final String TARGET_ANNOTATION = Neo4jBackup.GROUP + "/target";

  /**
   * The annotation on the pods of restore drills and restores naming the backup directory they
   * read, in the form of {@link #TARGET_ANNOTATION}: the engine reads it under a shared lock, which
   * a backup into it would find taken, so a backup into it waits until those pods have ended.
   */
  public static final String READS_ANNOTATION = Neo4jBackup.GROUP + "/reads";

  /** The label, {@code "true"}, on pods that carry {@link #READS_ANNOTATION}, to watch them by. */
  public static final String READER_LABEL = Neo4jBackup.GROUP + "/reader";

  /** {@code labels} (may be null) with {@link #READER_LABEL}: a new map. */
  public static Map<String, String> readerLabels(Map<String, String> labels) {
    Map<String, String> marked =
        labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    marked.put(READER_LABEL, "true");
    return marked;
  }

  /** {@code annotations} (may be null) with {@link #READS_ANNOTATION} naming {@code read}. */
  public static Map<String, String> readerAnnotations(
      Map<String, String> annotations, TargetPath read) {
    Map<String, String> marked =
        annotations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations);
    marked.put(READS_ANNOTATION, read.annotation());
    return marked;
  }

  /** The Job's retries when the spec gives none, as the CRD defaults them. */
  public static final int DEFAULT_BACKOFF_LIMIT = 2;

  /** The Job's deadline when the spec gives none (6 hours), as the CRD defaults it. */
  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 21600;

  private BackupJob() {}

  /** The Job's name: the Neo4jBackup's own, which the CRD keeps short enough for pod labels. */
  public static String name(Neo4jBackup backup) {
    return backup.getMetadata().getName();
  }

  /**
   * The target {@code spec} writes into, the same for every spelling of one directory of one claim:
   * {@code claim:/backup/dir}; for an object store, {@code s3://bucket/prefix}, which is also the
   * engine's {@code -to}. An {@link InvalidSpecException} when the path is not usable.
   */
  public static String target(Neo4jBackupSpec spec) {
    return TargetPath.of(spec.getTarget()).annotation();
  }

  /** The Job that backs up as {@code backup} says, owned by it. */
  public static Job desired(Neo4jBackup backup, OperatorConfig config) {
    Neo4jBackupSpec spec = backup.getSpec();
    if (spec == null || spec.getTarget() == null) {
      throw new InvalidSpecException("spec.target is required");
    }
    String namespace = backup.getMetadata().getNamespace();
    JobSettings settings = spec.getJob() == null ? new JobSettings() : spec.getJob();
    String target = target(spec);
    ObjectStoreAccess objectStore = objectStore(spec);
    List<String> arguments =
        objectStore == null
            ? EngineCommand.arguments(
                spec,
                from(spec, namespace, config),
                TargetDirectory.inContainer(spec.getTarget().getPath()))
            : EngineCommand.arguments(
                spec, from(spec, namespace, config), target, objectStore.writing());
    SecretVolumes secrets = SecretVolumes.of(spec.getTls(), spec.getSharedSecret());
    EngineSecurity security = EngineSecurity.of(config, settings, "spec.job");
    Map<String, String> labels = labels(backup);
    EnginePod pod =
        new EnginePod(
            CONTAINER,
            EngineCommand.command(arguments, spec.getTls() != null),
            spec.getTarget().getClaimName(),
            secrets,
            settings.getResources(),
            podLabels(settings, labels),
            podAnnotations(settings, target));

    return new JobBuilder()
        .withNewMetadata()
        .withName(name(backup))
        .withNamespace(namespace)
        .withLabels(labels)
        .withOwnerReferences(owner(backup))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(
            settings.getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : settings.getBackoffLimit())
        .withActiveDeadlineSeconds(
            settings.getActiveDeadlineSeconds() == null
                ? DEFAULT_ACTIVE_DEADLINE_SECONDS
                : settings.getActiveDeadlineSeconds())
        .withTemplate(
            (objectStore == null ? pod : pod.withObjectStore(objectStore))
                .template(config, settings, security))
        .endSpec()
        .build();
  }

  /**
   * With an objectStore target, what reaching it takes, checked against the rest of the spec: a
   * prefix naming one chain is only continued (mode Incremental), and nothing is replaced (a full
   * backup always starts a new chain). Null for a claim.
   */
  static ObjectStoreAccess objectStore(Neo4jBackupSpec spec) {
    if (spec.getTarget().getObjectStore() == null) {
      return null;
    }
    ObjectStoreLocation location =
        ObjectStoreLocation.of(spec.getTarget().getObjectStore(), "spec.target.objectStore");
    BackupMode mode = spec.getMode() == null ? BackupMode.Auto : spec.getMode();
    if (location.isChain() && mode != BackupMode.Incremental) {
      throw new InvalidSpecException(
          "spec.target.objectStore.prefix '"
              + location.prefix()
              + "' names one chain, which only mode Incremental continues; with mode "
              + mode
              + ", give the prefix above it (a full backup starts a new chain there)");
    }
    if (Boolean.TRUE.equals(spec.getReplace())) {
      throw new InvalidSpecException(
          "spec.replace is true with an objectStore target: a full backup to an object store"
              + " always starts a new chain and replaces nothing; create a new Neo4jBackup"
              + " without replace");
    }
    return ObjectStoreAccess.of(spec.getTarget().getObjectStore(), "spec.target.objectStore");
  }

  private static String from(Neo4jBackupSpec spec, String namespace, OperatorConfig config) {
    try {
      return new ServiceDns(config.clusterDomain()).expand(spec.getFrom(), namespace);
    } catch (InvalidBackupUriException e) {
      throw new InvalidSpecException("spec.from: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> labels(Neo4jBackup backup) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "neo4j-backup");
    labels.put("app.kubernetes.io/component", "backup");
    labels.put("app.kubernetes.io/managed-by", "neo4j-backup-operator");
    labels.put(BACKUP_LABEL, name(backup));
    return labels;
  }

  /** The spec's pod labels, then the operator's, which win: the operator selects pods by them. */
  private static Map<String, String> podLabels(JobSettings settings, Map<String, String> labels) {
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (settings.getPodLabels() != null) {
      podLabels.putAll(settings.getPodLabels());
    }
    podLabels.putAll(labels);
    return podLabels;
  }

  /** The spec's pod annotations, then the target's. */
  private static Map<String, String> podAnnotations(JobSettings settings, String target) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (settings.getPodAnnotations() != null) {
      annotations.putAll(settings.getPodAnnotations());
    }
    annotations.put(TARGET_ANNOTATION, target);
    return annotations;
  }

  private static OwnerReference owner(Neo4jBackup backup) {
    if (backup.getMetadata().getUid() == null) {
      throw new IllegalArgumentException(
          "Neo4jBackup " + name(backup) + " has no uid: build its Job from the stored resource");
    }
    return Owners.controller(backup);
  }
}

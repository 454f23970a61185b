package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Job that runs one Neo4jRestore: a pure function of the resource, the claims it resolved
 * ({@link Claims}) and the operator's configuration. Its pod runs the engine's {@code restore} as a
 * backup Job runs a backup (the operator's image, wrapper, service account and security contexts),
 * with the backup's claim mounted read-only at {@link TargetDirectory#MOUNT_PATH} and Neo4j's data
 * claim, with the StatefulSet's subPath, read-write at {@link #DATA}. Never retried: the engine
 * leaves the database's folders as they were when it fails, and a person reads why.
 */
public final class RestoreJob {

  /** The restore container's name, for reading its termination message. */
  public static final String CONTAINER = "restore";

  /** The label naming the Neo4jRestore a Job and its pods belong to. */
  public static final String RESTORE_LABEL = Neo4jBackup.GROUP + "/restore";

  /** Where Neo4j's data directory is mounted in the restore pod, as in Neo4j's own pod. */
  public static final String DATA = "/data";

  private RestoreJob() {}

  /**
   * The claims a restore uses, as the operator resolved them when it accepted it: the backup's
   * {@code sourceClaim} and directory {@code sourcePath} (or, for an object store, {@code
   * sourceUri}, {@code s3://bucket/prefix[/chain-...]}, and no claim), Neo4j's {@code dataClaim}
   * and the subPath its data volume is mounted with (empty for none).
   */
  public record Claims(
      String sourceClaim, String sourcePath, String sourceUri, String dataClaim, String subPath) {

    /** The claims of a restore from a claim's directory. */
    public Claims(String sourceClaim, String sourcePath, String dataClaim, String subPath) {
      this(sourceClaim, sourcePath, null, dataClaim, subPath);
    }
  }

  /** The Job's name: the Neo4jRestore's own, which the CRD keeps short enough for pod labels. */
  public static String name(Neo4jRestore restore) {
    return restore.getMetadata().getName();
  }

  /** The engine's arguments; an {@link InvalidSpecException} says what the engine cannot run. */
  public static List<String> arguments(Neo4jRestoreSpec spec, String sourcePath) {
    return arguments(spec, TargetDirectory.inContainer(sourcePath), null);
  }

  /**
   * The engine's arguments to restore from {@code from}, a directory in the pod or an {@code s3://}
   * location reached with {@code objectStore} (null for a directory).
   */
  public static List<String> arguments(
      Neo4jRestoreSpec spec, String from, ObjectStoreAccess objectStore) {
    var source = spec.getSource();
    var target = spec.getTarget();
    return EngineArguments.restore(from, DATA)
        .database(
            target.getDatabase() == null
                ? null
                : DatabaseName.normalized(target.getDatabase(), "spec.target.database"))
        .untilTime(until(source.getUntil()))
        .untilTx(source.getUntilTransaction())
        .verify(Boolean.TRUE.equals(spec.getVerify()))
        .keepPrevious(!Boolean.FALSE.equals(target.getKeepPrevious()))
        .objectStore(objectStore == null ? null : objectStore.reading())
        .json()
        .arguments();
  }

  /** {@code spec.source.until} as an instant, null when absent. */
  public static Instant until(String until) {
    if (until == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(until).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidSpecException(
          "spec.source.until '"
              + until
              + "' is not an RFC 3339 instant with an offset, such as 2026-12-05T14:04:59Z");
    }
  }

  /** The Job that restores as {@code restore} says, into {@code claims}, owned by it. */
  public static Job desired(Neo4jRestore restore, Claims claims, OperatorConfig config) {
    Neo4jRestoreSpec spec = restore.getSpec();
    JobSettings settings = spec.getJob() == null ? new JobSettings() : spec.getJob();
    EngineSecurity security = EngineSecurity.of(config, settings, "spec.job");
    Map<String, String> labels = labels(restore);
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (settings.getPodLabels() != null) {
      podLabels.putAll(settings.getPodLabels());
    }
    podLabels.putAll(labels);
    ObjectStoreAccess objectStore =
        claims.sourceUri() == null
            ? null
            : ObjectStoreAccess.of(spec.getSource().getObjectStore(), "spec.source.objectStore");
    List<String> arguments =
        objectStore == null
            ? arguments(spec, claims.sourcePath())
            : arguments(spec, claims.sourceUri(), objectStore);
    EnginePod pod =
        new EnginePod(
            CONTAINER,
            EngineCommand.command(arguments, false),
            claims.sourceClaim(),
            SecretVolumes.of(null, null),
            settings.getResources(),
            objectStore == null ? BackupJob.readerLabels(podLabels) : podLabels,
            objectStore == null
                ? BackupJob.readerAnnotations(
                    settings.getPodAnnotations(),
                    TargetPath.of(claims.sourceClaim(), claims.sourcePath()))
                : settings.getPodAnnotations());
    PodTemplateSpec engine =
        (objectStore == null ? pod : pod.withObjectStore(objectStore))
            .template(config, settings, security);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name(restore))
        .withNamespace(restore.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Owners.controller(restore))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(
            settings.getActiveDeadlineSeconds() == null
                ? BackupJob.DEFAULT_ACTIVE_DEADLINE_SECONDS
                : settings.getActiveDeadlineSeconds())
        .withTemplate(withData(engine, claims))
        .endSpec()
        .build();
  }

  /** The engine pod with the backup's claim read-only and Neo4j's data claim at {@link #DATA}. */
  private static PodTemplateSpec withData(PodTemplateSpec engine, Claims claims) {
    PodTemplateSpecBuilder pod = new PodTemplateSpecBuilder(engine);
    if (claims.sourceClaim() != null) {
      pod.editSpec()
          .editMatchingVolume(volume -> "target".equals(volume.getName()))
          .editPersistentVolumeClaim()
          .withReadOnly(true)
          .endPersistentVolumeClaim()
          .endVolume()
          .editFirstContainer()
          .editMatchingVolumeMount(mount -> "target".equals(mount.getName()))
          .withReadOnly(true)
          .endVolumeMount()
          .endContainer()
          .endSpec();
    }
    pod.editSpec()
        .addToVolumes(
            new VolumeBuilder()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(claims.dataClaim())
                .endPersistentVolumeClaim()
                .build())
        .editFirstContainer()
        .addToVolumeMounts(
            new VolumeMountBuilder()
                .withName("data")
                .withMountPath(DATA)
                .withSubPath(
                    claims.subPath() == null || claims.subPath().isEmpty()
                        ? null
                        : claims.subPath())
                .build())
        .endContainer()
        .endSpec();
    return pod.build();
  }

  private static Map<String, String> labels(Neo4jRestore restore) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "neo4j-backup");
    labels.put("app.kubernetes.io/component", "restore");
    labels.put("app.kubernetes.io/managed-by", "neo4j-backup-operator");
    labels.put(RESTORE_LABEL, name(restore));
    return labels;
  }
}

package io.neo4jbackup.operator.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Neo4jBackup a schedule creates for one tick: a pure function of the schedule and what its
 * chain planner chose, with no I/O. The backup is the template's, into the chosen chain directory
 * of the template's claim, with the chosen mode and floor; named after the schedule and the tick
 * ({@link ScheduleNames#backup}) so that a restarted operator finds it instead of creating it
 * again; labelled with the schedule's name, annotated with the tick, and owned by the schedule.
 */
public final class ScheduledBackup {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ScheduledBackup() {}

  /**
   * The backup {@code schedule} runs for {@code tick}: a {@code mode} backup into {@code
   * chainPath}, starting no lower than {@code minTransactionId} (null for no floor).
   */
  public static Neo4jBackup desired(
      Neo4jBackupSchedule schedule,
      Instant tick,
      BackupMode mode,
      String chainPath,
      Long minTransactionId) {
    return desired(schedule, tick, mode, chainPath, null, minTransactionId);
  }

  /**
   * As above; with an object store template, an incremental continues exactly {@code chainUri} (the
   * chain's {@code s3://} location as the engine named it; its prefix becomes the backup's), and a
   * full backup goes to the template's prefix, below which the engine starts a new chain. Either
   * way the backup is annotated with {@code chainPath} ({@link ScheduleNames#CHAIN_ANNOTATION}),
   * the schedule's key for the chain.
   */
  public static Neo4jBackup desired(
      Neo4jBackupSchedule schedule,
      Instant tick,
      BackupMode mode,
      String chainPath,
      String chainUri,
      Long minTransactionId) {
    BackupTemplate template = schedule.getSpec().getBackupTemplate();
    Neo4jBackupSpec spec = JSON.convertValue(template.getSpec(), Neo4jBackupSpec.class);
    spec.setMode(mode);
    // A chain that cannot continue is replaced by a new chain directory, never in place.
    spec.setFallbackToFull(false);
    // A new chain never starts from a member behind the previous one.
    spec.setMinTransactionId(minTransactionId);
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    ObjectStoreSpec objectStore = spec.getTarget().getObjectStore();
    if (objectStore != null) {
      Optional<ObjectStoreLocation> chain = ObjectStoreLocation.parse(chainUri);
      if (mode == BackupMode.Incremental && chain.isPresent()) {
        objectStore.setPrefix(chain.get().prefix());
      }
    } else {
      Target target = new Target();
      target.setClaimName(template.getSpec().getTarget().getClaimName());
      target.setPath(chainPath);
      spec.setTarget(target);
    }
    if (template.getMetadata() != null) {
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      if (template.getMetadata().getAnnotations() != null) {
        annotations.putAll(template.getMetadata().getAnnotations());
      }
    }
    String name = schedule.getMetadata().getName();
    labels.put(ScheduleNames.SCHEDULE_LABEL, name);
    annotations.put(ScheduleNames.SCHEDULED_TIME_ANNOTATION, tick.toString());
    if (objectStore != null) {
      annotations.put(ScheduleNames.CHAIN_ANNOTATION, chainPath);
    }
    Neo4jBackup backup = new Neo4jBackup();
    backup.getMetadata().setName(ScheduleNames.backup(name, tick));
    backup.getMetadata().setNamespace(schedule.getMetadata().getNamespace());
    backup.getMetadata().setLabels(labels);
    backup.getMetadata().setAnnotations(annotations);
    backup.getMetadata().setOwnerReferences(List.of(Owners.controller(schedule)));
    backup.setSpec(spec);
    return backup;
  }

  /**
   * The path of the chain a schedule's backup writes into, as its status records it: the annotation
   * of a backup to an object store, else the target's path.
   */
  public static String chainPath(Neo4jBackup backup) {
    Map<String, String> annotations = backup.getMetadata().getAnnotations();
    String chain = annotations == null ? null : annotations.get(ScheduleNames.CHAIN_ANNOTATION);
    return chain != null ? chain : backup.getSpec().getTarget().getPath();
  }

  /** The tick a schedule's backup was created for, from its annotation; empty for other backups. */
  public static Optional<Instant> tick(Neo4jBackup backup) {
    Map<String, String> annotations = backup.getMetadata().getAnnotations();
    String tick =
        annotations == null ? null : annotations.get(ScheduleNames.SCHEDULED_TIME_ANNOTATION);
    if (tick == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(tick));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

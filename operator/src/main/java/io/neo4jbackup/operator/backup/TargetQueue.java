package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.BackupJob;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, without I/O, which backup may write into a target (one claim and directory in one
 * namespace): the one already running there; otherwise the unfinished one created first (then by
 * name). The others wait, so two backups never write into one target at once; so does a backup
 * while a pod of another one still writes there.
 */
final class TargetQueue {

  /** Oldest first; names break ties between backups created in the same second. */
  static final Comparator<Neo4jBackup> ORDER =
      Comparator.comparing(TargetQueue::created)
          .thenComparing(backup -> backup.getMetadata().getName());

  private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

  private TargetQueue() {}

  /**
   * The backup that {@code backup} must wait for, among {@code namespaceBackups} (the backups of
   * its namespace, which may include itself), or empty when it may start.
   */
  static Optional<Neo4jBackup> waitsFor(
      Neo4jBackup backup, Collection<Neo4jBackup> namespaceBackups) {
    Optional<String> target = target(backup);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    var rivals =
        namespaceBackups.stream()
            .filter(other -> !Objects.equals(uid(other), uid(backup)))
            .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
            .filter(other -> !BackupStatuses.finished(other))
            .filter(other -> target.equals(target(other)))
            .toList();
    Optional<Neo4jBackup> running = rivals.stream().filter(BackupStatuses::started).findFirst();
    if (running.isPresent()) {
      return running;
    }
    return rivals.stream().filter(other -> ORDER.compare(other, backup) < 0).min(ORDER);
  }

  /** The target {@code backup} writes into ({@link BackupJob#target}), or empty if unusable. */
  static Optional<String> target(Neo4jBackup backup) {
    Neo4jBackupSpec spec = backup.getSpec();
    if (spec == null || spec.getTarget() == null || spec.getTarget().getClaimName() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(BackupJob.target(spec));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    }
  }

  /**
   * A pod of another backup that still writes into {@code backup}'s target, among {@code pods}: one
   * that has not ended, though its backup may be finished or deleted (a pod stopping after its Job
   * was deleted, say).
   */
  static Optional<Pod> lingeringPod(Neo4jBackup backup, Collection<Pod> pods) {
    Optional<String> target = target(backup);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(pod -> target.get().equals(annotation(pod, BackupJob.TARGET_ANNOTATION)))
        .filter(pod -> !backup.getMetadata().getName().equals(label(pod, BackupJob.BACKUP_LABEL)))
        .filter(pod -> pod.getStatus() == null || !ENDED.contains(pod.getStatus().getPhase()))
        .findFirst();
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static String label(Pod pod, String key) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static Instant created(Neo4jBackup backup) {
    String created = backup.getMetadata().getCreationTimestamp();
    return created == null ? Instant.MAX : Instant.parse(created);
  }

  private static String uid(Neo4jBackup backup) {
    return backup.getMetadata().getUid();
  }
}

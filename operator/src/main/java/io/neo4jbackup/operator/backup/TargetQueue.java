package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, without I/O, which backup may write into a target (one directory of one claim in one
 * namespace). Backups into the same target take turns: the one already running there, otherwise the
 * unfinished one created first (then by name); the others wait, so sequential backups continue one
 * chain. Backups into nested targets (one directory inside the other) never share a claim: the
 * later one is refused. A backup also waits while a pod of another one still writes into its target
 * or a nested one.
 *
 * <p>In an object store, nested prefixes of one bucket take turns like the same prefix, and are not
 * refused: the engine writes a chain only under a name of its own below the prefix and replaces
 * nothing, and a schedule's full backup (into the prefix) and incrementals (into one chain below
 * it) nest by design. Taking turns keeps an Auto backup into the prefix from continuing a chain
 * that another backup writes into at the same time.
 */
final class TargetQueue {

  /** Oldest first; names break ties between backups created in the same second. */
  static final Comparator<Neo4jBackup> ORDER =
      Comparator.comparing(TargetQueue::created)
          .thenComparing(backup -> backup.getMetadata().getName());

  private TargetQueue() {}

  /**
   * The backup that {@code backup} must wait for, among {@code namespaceBackups} (the backups of
   * its namespace, which may include itself), or empty when it may start.
   */
  static Optional<Neo4jBackup> waitsFor(
      Neo4jBackup backup, Collection<Neo4jBackup> namespaceBackups) {
    Optional<TargetPath> target = target(backup);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    var rivals =
        others(backup, namespaceBackups)
            .filter(other -> !BackupStatuses.finished(other))
            .filter(other -> sameTurn(target.get(), target(other)))
            .toList();
    Optional<Neo4jBackup> running = rivals.stream().filter(BackupStatuses::started).findFirst();
    if (running.isPresent()) {
      return running;
    }
    return rivals.stream().filter(other -> ORDER.compare(other, backup) < 0).min(ORDER);
  }

  /**
   * The backup whose directory lies inside {@code backup}'s, or contains it, on the same claim,
   * that forbids {@code backup} to start; empty when none does. Such a backup forbids it when it
   * may have written there (it started, or finished after starting) or it is older (it will start
   * first); a younger one that has not started is refused in turn, and a backup that failed before
   * it ever ran (an invalid spec, a missing claim) wrote nothing and forbids nothing.
   */
  static Optional<Neo4jBackup> nested(
      Neo4jBackup backup, Collection<Neo4jBackup> namespaceBackups) {
    Optional<TargetPath> target = target(backup);
    if (target.isEmpty() || target.get().objectStore()) {
      return Optional.empty();
    }
    List<Neo4jBackup> nested =
        others(backup, namespaceBackups)
            .filter(other -> BackupStatuses.started(other) || !BackupStatuses.finished(other))
            .filter(other -> target(other).map(t -> t.nests(target.get())).orElse(false))
            .sorted(ORDER)
            .toList();
    return nested.stream()
        .filter(other -> BackupStatuses.started(other) || ORDER.compare(other, backup) < 0)
        .findFirst();
  }

  /** The target {@code backup} writes into ({@link BackupJob#target}), or empty if unusable. */
  static Optional<TargetPath> target(Neo4jBackup backup) {
    Neo4jBackupSpec spec = backup.getSpec();
    if (spec == null
        || spec.getTarget() == null
        || (spec.getTarget().getClaimName() == null && spec.getTarget().getObjectStore() == null)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TargetPath.of(spec.getTarget()));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether backups into {@code mine} and {@code theirs} take turns: the same directory of a claim,
   * or nested prefixes of one bucket.
   */
  private static boolean sameTurn(TargetPath mine, Optional<TargetPath> theirs) {
    if (theirs.isEmpty()) {
      return false;
    }
    return mine.objectStore() ? mine.overlaps(theirs.get()) : mine.equals(theirs.get());
  }

  /**
   * A pod that still uses {@code backup}'s target or one nested with it, among {@code pods}: a pod
   * of another backup that writes into it, though its backup may be finished or deleted (a pod
   * stopping after its Job was deleted, say), or a restore drill's or a restore's pod that reads
   * it; one that has not ended.
   */
  static Optional<Pod> lingeringPod(Neo4jBackup backup, Collection<Pod> pods) {
    Optional<TargetPath> target = target(backup);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(pod -> uses(pod).map(used -> used.overlaps(target.get())).orElse(false))
        .filter(pod -> !backup.getMetadata().getName().equals(label(pod, BackupJob.BACKUP_LABEL)))
        .findFirst();
  }

  /** The target a pod that has not ended writes into or reads, from its annotations. */
  static Optional<TargetPath> uses(Pod pod) {
    return TargetPath.writtenBy(pod).or(() -> TargetPath.readBy(pod));
  }

  /** How {@code pod}, a {@link #lingeringPod}, uses its target, for messages. */
  static String use(Pod pod) {
    Optional<TargetPath> written = TargetPath.writtenBy(pod);
    if (written.isPresent()) {
      return "of Neo4jBackup "
          + label(pod, BackupJob.BACKUP_LABEL)
          + ", which still writes into path "
          + written.get().path();
    }
    return "(a restore drill or a restore), which reads path "
        + TargetPath.readBy(pod).map(TargetPath::path).orElse("?");
  }

  private static java.util.stream.Stream<Neo4jBackup> others(
      Neo4jBackup backup, Collection<Neo4jBackup> namespaceBackups) {
    return namespaceBackups.stream()
        .filter(other -> !Objects.equals(uid(other), uid(backup)))
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null);
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

package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.InvalidSpecException;
import java.util.Map;
import java.util.Optional;

/**
 * A directory of a PersistentVolumeClaim, the same for every spelling of it ({@code neo4j/prod} and
 * {@code /neo4j/prod}), or a prefix of an object store's bucket: where a backup writes, or a chain
 * lies. Two are the same target, one lies inside the other, or they do not overlap at all (siblings
 * such as {@code neo4j/prod} and {@code neo4j/prod-2} do not). A claim and a bucket never overlap.
 *
 * @param claim the claim's name; for an object store, {@code s3://bucket}
 * @param directory the directory as the backup container sees it, {@code /backup/...}; for an
 *     object store, {@code /prefix}, or empty for the bucket's root
 */
public record TargetPath(String claim, String directory) {

  /** The target {@code target} names; an {@link InvalidSpecException} when its path is unusable. */
  public static TargetPath of(Target target) {
    if (target == null) {
      throw new InvalidSpecException("spec.target is required");
    }
    boolean claim = target.getClaimName() != null || target.getPath() != null;
    if (target.getObjectStore() != null) {
      if (claim) {
        throw new InvalidSpecException(
            "spec.target gives both objectStore and claimName/path: a backup goes either to a"
                + " claim (claimName and path) or to an object store (objectStore), not both");
      }
      return of(ObjectStoreLocation.of(target.getObjectStore(), "spec.target.objectStore"));
    }
    if (target.getClaimName() == null) {
      throw new InvalidSpecException(
          "spec.target needs either claimName and path (a directory of a"
              + " PersistentVolumeClaim), or objectStore (a bucket and prefix)");
    }
    return of(target.getClaimName(), target.getPath());
  }

  /** The prefix {@code location} names in its bucket. */
  public static TargetPath of(ObjectStoreLocation location) {
    return new TargetPath(
        ObjectStoreLocation.SCHEME + location.bucket(),
        location.prefix().isEmpty() ? "" : "/" + location.prefix());
  }

  /** The directory {@code path} of {@code claim}; an {@link InvalidSpecException} if unusable. */
  public static TargetPath of(String claim, String path) {
    return new TargetPath(claim, TargetDirectory.inContainer(path));
  }

  /** The target an annotation written by {@link #annotation()} names, or empty if it names none. */
  public static Optional<TargetPath> parse(String annotation) {
    if (annotation == null) {
      return Optional.empty();
    }
    if (annotation.startsWith(ObjectStoreLocation.SCHEME)) {
      return ObjectStoreLocation.parse(annotation).map(TargetPath::of);
    }
    int colon = annotation.indexOf(':');
    if (colon <= 0 || !annotation.startsWith(TargetDirectory.MOUNT_PATH + "/", colon + 1)) {
      return Optional.empty();
    }
    return Optional.of(
        new TargetPath(annotation.substring(0, colon), annotation.substring(colon + 1)));
  }

  /**
   * The target a backup pod writes into, from its {@link BackupJob#TARGET_ANNOTATION}; empty when
   * the pod has ended (Succeeded or Failed) or names none.
   */
  public static Optional<TargetPath> writtenBy(Pod pod) {
    return annotated(pod, BackupJob.TARGET_ANNOTATION);
  }

  /**
   * The backup directory a drill or restore pod reads, from its {@link BackupJob#READS_ANNOTATION};
   * empty when the pod has ended or names none.
   */
  public static Optional<TargetPath> readBy(Pod pod) {
    return annotated(pod, BackupJob.READS_ANNOTATION);
  }

  private static Optional<TargetPath> annotated(Pod pod, String key) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Optional.empty();
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return parse(annotations == null ? null : annotations.get(key));
  }

  /** {@code claim:/backup/dir}, as backup pods are annotated with it. */
  public String annotation() {
    return objectStore() ? claim + directory : claim + ":" + directory;
  }

  /**
   * The directory relative to the claim's root, for messages: {@code neo4j/prod}; for an object
   * store, the location {@code s3://bucket/neo4j/prod}.
   */
  public String path() {
    return objectStore()
        ? claim + directory
        : directory.substring(TargetDirectory.MOUNT_PATH.length() + 1);
  }

  /** Whether this is a prefix of an object store rather than a claim's directory. */
  public boolean objectStore() {
    return claim.startsWith(ObjectStoreLocation.SCHEME);
  }

  /** Whether {@code other} lies strictly inside this directory, on the same claim. */
  public boolean contains(TargetPath other) {
    return claim.equals(other.claim) && other.directory.startsWith(directory + "/");
  }

  /** Whether the two are the same directory, or one lies inside the other. */
  public boolean overlaps(TargetPath other) {
    return equals(other) || contains(other) || other.contains(this);
  }

  /** Whether one lies strictly inside the other: they overlap without being the same. */
  public boolean nests(TargetPath other) {
    return contains(other) || other.contains(this);
  }
}

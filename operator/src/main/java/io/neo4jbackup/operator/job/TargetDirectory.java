package io.neo4jbackup.operator.job;

import io.neo4jbackup.operator.InvalidSpecException;
import java.util.regex.Pattern;

/**
 * Where the backup pod mounts the target PersistentVolumeClaim, and the backup directory inside it
 * that {@code spec.target.path} names. The engine keeps its staging directory and lock file beside
 * the backup directory, so the whole claim is mounted, never a subPath.
 */
public final class TargetDirectory {

  /** Where the claim's root appears in the backup container. */
  public static final String MOUNT_PATH = "/backup";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  private TargetDirectory() {}

  /**
   * The backup directory in the container for {@code path}: relative to the claim's root (one
   * leading slash allowed), made of segments that are neither {@code .} nor {@code ..}.
   */
  public static String inContainer(String path) {
    if (path == null || path.isEmpty()) {
      throw invalid(path, "it is empty; name a directory inside the claim, such as neo4j/prod");
    }
    String relative = path.startsWith("/") ? path.substring(1) : path;
    if (relative.isEmpty()) {
      throw invalid(
          path,
          "the claim's root cannot hold the backup (the engine works beside it); name a"
              + " directory inside the claim, such as neo4j/prod");
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty()) {
        throw invalid(path, "it has an empty segment (a doubled or trailing slash)");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw invalid(path, "'" + segment + "' segments are not allowed");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalid(path, "'" + segment + "' has characters other than letters, digits, . _ -");
      }
    }
    return MOUNT_PATH + "/" + relative;
  }

  private static InvalidSpecException invalid(String path, String reason) {
    return new InvalidSpecException("spec.target.path '" + path + "' is not usable: " + reason);
  }
}

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves file names sent by a server inside the directory they belong to. A name that is
 * absolute, climbs out with {@code ..}, holds control characters, or leads through a symbolic link
 * is refused: a hostile server cannot make the client write anywhere else.
 */
final class StagingPaths {
  private StagingPaths() {}

  static Path resolve(Path root, String name, BackupUri.Member server) {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.contains("\\")
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw refused(name, server);
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw refused(name, server);
      }
    }
    Path resolved = root.resolve(name).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw refused(name, server);
    }
    for (Path step = resolved; !step.equals(root); step = step.getParent()) {
      if (Files.isSymbolicLink(step)) {
        throw new BackupException(
            BackupFailure.PROTOCOL,
            server
                + " sent the file name '"
                + name
                + "', which leads through the symbolic link "
                + step
                + "; refused");
      }
    }
    return resolved;
  }

  private static BackupException refused(String name, BackupUri.Member server) {
    return new BackupException(
        BackupFailure.PROTOCOL,
        server + " sent the file name '" + name + "', which is not a plain relative path; refused");
  }
}

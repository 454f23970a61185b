package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Turns I/O errors on the backup's side into failures that say what to fix. */
final class TargetFailures {
  private TargetFailures() {}

  static BackupException writing(Path where, IOException e) {
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : e.getMessage();
    if (reason == null) {
      reason = e.getClass().getSimpleName();
    }
    if (reason != null && reason.contains("No space left on device")) {
      return new BackupException(
          BackupFailure.TARGET,
          "the file system of "
              + where
              + " is full (No space left on device); free space or choose another target",
          e);
    }
    if (e instanceof AccessDeniedException
        || (reason != null && reason.contains("Read-only file system"))) {
      return new BackupException(
          BackupFailure.TARGET, "cannot write to " + where + ": " + reason, e);
    }
    return new BackupException(
        BackupFailure.TARGET, "writing the backup under " + where + " failed: " + reason, e);
  }
}

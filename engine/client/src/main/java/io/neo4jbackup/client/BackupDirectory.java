package io.neo4jbackup.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A backup's target directory and the files beside it that keep it safe: a lock (an OS file lock,
 * released when its holder dies, so a crash leaves no stale lock), a staging directory where a new
 * backup is built, and the place the previous backup waits while the new one takes its name.
 *
 * <p>Opening it finishes or rolls back whatever a killed run left behind, so the directory always
 * holds either the old backup or the new one, never a mix.
 */
public final class BackupDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final Path previous;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private BackupDirectory(Path target, FileChannel lockChannel, FileLock lock) {
    this.target = target;
    String name = target.getFileName().toString();
    this.staging = target.resolveSibling("." + name + ".staging");
    this.previous = target.resolveSibling("." + name + ".previous");
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Locks {@code target} for this process and repairs what an interrupted run left. */
  public static BackupDirectory open(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    if (absolute.getParent() == null) {
      throw new BackupException(
          BackupFailure.USAGE, "the target directory cannot be the file system root");
    }
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new BackupException(BackupFailure.TARGET, absolute + " exists and is not a directory");
    }
    Path parent = absolute.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw TargetFailures.writing(parent, e);
    }
    if (!Files.isWritable(parent)) {
      throw new BackupException(
          BackupFailure.TARGET,
          "cannot write to " + parent + ", where the backup and its staging directory go");
    }
    Path lockFile = parent.resolve("." + absolute.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw TargetFailures.writing(lockFile, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new BackupException(
          BackupFailure.TARGET_BUSY,
          "another backup is running into " + absolute + " (it holds " + lockFile + ")");
    }
    BackupDirectory directory = new BackupDirectory(absolute, channel, lock);
    try {
      directory.repair();
    } catch (IOException e) {
      directory.close();
      throw TargetFailures.writing(absolute, e);
    }
    return directory;
  }

  public Path path() {
    return target;
  }

  /** The manifest of the backup in the target, or null when the target is absent or empty. */
  public Manifest existingBackup() {
    Manifest manifest = Manifest.readFrom(target);
    if (manifest == null && !isAbsentOrEmpty(target)) {
      throw new BackupException(
          BackupFailure.TARGET,
          target
              + " holds files that are not a backup made by neo4j-backup (no "
              + Manifest.FILE_NAME
              + "); refusing to overwrite them: choose an empty or new directory");
    }
    return manifest;
  }

  /** A new, empty staging directory beside the target. */
  Path createStaging() {
    try {
      deleteRecursively(staging);
      Files.createDirectory(staging);
      return staging;
    } catch (IOException e) {
      throw TargetFailures.writing(staging, e);
    }
  }

  /** Deletes the staging directory of a failed backup; the target is untouched. */
  void discardStaging() {
    try {
      deleteRecursively(staging);
    } catch (IOException e) {
      // left for the next run's repair
    }
  }

  /**
   * Makes the complete backup in staging the target. An absent or empty target is replaced in one
   * atomic rename; an existing backup moves aside first and is deleted once the new one is in
   * place.
   */
  void publishStaging() {
    try {
      Durability.forceDirectories(staging);
      if (isAbsentOrEmpty(target)) {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Durability.force(target.getParent());
        deleteRecursively(previous);
      }
      Durability.force(target.getParent());
    } catch (IOException e) {
      throw TargetFailures.writing(target, e);
    }
  }

  /**
   * Finishes a publish that was interrupted between its renames, or undoes it; drops stale staging.
   */
  private void repair() throws IOException {
    if (Files.exists(previous)) {
      if (Manifest.readFrom(target) != null) {
        deleteRecursively(previous);
      } else if (Manifest.readFrom(staging) != null && isAbsentOrEmpty(target)) {
        Files.deleteIfExists(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(previous);
      } else if (isAbsentOrEmpty(target)) {
        Files.deleteIfExists(target);
        Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
      }
      Durability.force(target.getParent());
    }
    deleteRecursively(staging);
    if (Files.isDirectory(target)) {
      IncrementalJournal.repair(target);
    }
  }

  static boolean isAbsentOrEmpty(Path directory) {
    if (!Files.isDirectory(directory)) {
      return !Files.exists(directory);
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw TargetFailures.writing(directory, e);
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException ignored) {
          // already gone
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}

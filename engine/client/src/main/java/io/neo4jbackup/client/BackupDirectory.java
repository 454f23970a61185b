package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A backup's target directory and the files beside it that keep it safe: a lock (an OS file lock,
 * released when its holder dies, so a crash leaves no stale lock), a staging directory where a new
 * backup is built, and the place the previous backup waits while the new one takes its name.
 *
 * <p>Opening it for writing finishes or rolls back whatever a killed run left behind, so the
 * directory always holds either the old backup or the new one, never a mix. It never deletes what
 * the tool did not make: a target inside another backup, or named like another backup's staging,
 * previous copy, lock or consistency report, is refused up front, and so is replacing or deleting a
 * backup that holds anything a backup does not.
 */
public final class BackupDirectory implements AutoCloseable {
  /** What a backup made by this tool holds at its top. */
  private static final Set<String> BACKUP_ENTRIES =
      Set.of(
          BackupLayout.MANIFEST,
          BackupLayout.MANIFEST + ".tmp",
          BackupLayout.JOURNAL,
          BackupLayout.JOURNAL + ".tmp",
          BackupLayout.DATABASES,
          BackupLayout.TRANSACTIONS,
          BackupLayout.BASE);

  private final Path target;
  private final Path staging;
  private final Path previous;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private BackupDirectory(Path target, FileChannel lockChannel, FileLock lock) {
    this.target = target;
    this.staging = stagingOf(target);
    this.previous = previousOf(target);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Locks {@code target} for this process and repairs what an interrupted run left. */
  public static BackupDirectory open(Path target) {
    Path absolute = checkedTarget(target);
    Path parent = absolute.getParent();
    try {
      Durability.createDirectories(parent);
    } catch (IOException e) {
      throw TargetFailures.writing(parent, e);
    }
    if (!Files.isWritable(parent)) {
      throw new BackupException(
          BackupFailure.TARGET,
          "cannot write to " + parent + ", where the backup and its staging directory go");
    }
    BackupDirectory directory = lockExclusively(absolute);
    try {
      directory.repair();
    } catch (IOException e) {
      directory.close();
      throw TargetFailures.writing(absolute, e);
    } catch (RuntimeException e) {
      directory.close();
      throw e;
    }
    return directory;
  }

  /**
   * Opens {@code target} to read it, changing nothing: with a shared lock, so that no backup writes
   * into it and no deletion removes it meanwhile, where the file system takes one (on a read-only
   * mount without a lock file, nobody can write through that mount either).
   */
  public static BackupDirectory openForReading(Path target) {
    Path absolute = checkedTarget(target);
    Path lockFile = lockFileOf(absolute);
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      channel = createLockFileIfWritable(lockFile);
    } catch (IOException e) {
      throw TargetFailures.writing(lockFile, e);
    }
    if (channel == null) {
      return new BackupDirectory(absolute, null, null);
    }
    FileLock lock;
    try {
      lock = channel.tryLock(0, Long.MAX_VALUE, true);
    } catch (OverlappingFileLockException e) {
      lock = null; // held in this JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw TargetFailures.writing(lockFile, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw busy(absolute, lockFile);
    }
    return new BackupDirectory(absolute, channel, lock);
  }

  private static FileChannel createLockFileIfWritable(Path lockFile) {
    try {
      return FileChannel.open(
          lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      if (Files.isWritable(lockFile.getParent())) {
        throw TargetFailures.writing(lockFile, e);
      }
      return null; // a read-only mount
    }
  }

  /**
   * Deletes the backup in {@code target} and what this tool keeps beside it (staging, previous
   * copy, consistency reports; the empty lock file stays), under the lock: refused while a backup
   * writes into it or a restore reads it ({@link BackupFailure#TARGET_BUSY}), and when it holds
   * anything a backup does not ({@link BackupFailure#TARGET}); then nothing is deleted. An absent
   * target is deleted already.
   *
   * @return what was deleted
   */
  public static List<Path> delete(Path target) {
    Path absolute = checkedTarget(target);
    if (!Files.isDirectory(absolute.getParent())) {
      return List.of();
    }
    List<Path> deleted = new ArrayList<>();
    try (BackupDirectory directory = lockExclusively(absolute)) {
      if (!isAbsentOrEmpty(absolute)) {
        directory.existingBackup();
        directory.checkHoldsOnlyABackup(absolute, "deleting it");
      }
      directory.checkStagingIsOurs();
      directory.checkPreviousIsOurs();
      List<Path> doomed = new ArrayList<>(List.of(absolute, directory.staging, directory.previous));
      doomed.addAll(directory.consistencyReports());
      for (Path path : doomed) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          deleteRecursively(path);
          deleted.add(path);
        }
      }
      // The lock file stays (empty): deleted, a run that opened it a moment before could lock
      // the deleted file while another locks a new one, and both would write.
      Durability.force(absolute.getParent());
    } catch (IOException e) {
      throw TargetFailures.writing(absolute, e);
    }
    return deleted;
  }

  public Path path() {
    return target;
  }

  /** The manifest of the backup in the target, or null when the target is absent or empty. */
  public Manifest existingBackup() {
    Manifest manifest = Manifest.readFrom(target);
    if (manifest == null && !isAbsentOrEmpty(target)) {
      Optional<Path> inside = backupBelow(target);
      throw new BackupException(
          BackupFailure.TARGET,
          inside.isPresent()
              ? target
                  + " holds the backup "
                  + inside.get()
                  + " inside it: a backup never goes around another one; choose a new or empty"
                  + " directory"
              : target
                  + " holds files that are not a backup made by neo4j-backup (no "
                  + Manifest.FILE_NAME
                  + "); refusing to overwrite them: choose an empty or new directory");
    }
    return manifest;
  }

  /**
   * Refuses, before anything is written, to replace the backup in the target when it holds anything
   * a backup made by this tool does not: replacing it deletes the old backup whole.
   */
  void checkReplaceable() {
    if (!isAbsentOrEmpty(target)) {
      checkHoldsOnlyABackup(target, "replacing it with the new backup");
    }
  }

  /** A new, empty staging directory beside the target. */
  Path createStaging() {
    checkStagingIsOurs();
    try {
      deleteRecursively(staging);
      Files.createDirectory(staging);
      Durability.force(staging.getParent());
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
    checkReplaceable();
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
    checkPreviousIsOurs();
    checkStagingIsOurs();
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

  /** The staging directory beside the target is absent, or holds only what a backup holds. */
  private void checkStagingIsOurs() {
    if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
      checkHoldsOnlyABackup(staging, "reusing it as this backup's staging directory");
    }
  }

  /** The previous copy beside the target is absent, or a backup this tool moved aside. */
  private void checkPreviousIsOurs() {
    if (Files.exists(previous, LinkOption.NOFOLLOW_LINKS) && Manifest.readFrom(previous) == null) {
      throw new BackupException(
          BackupFailure.TARGET,
          previous
              + " is where neo4j-backup keeps "
              + target
              + "'s previous backup while it publishes a new one, but it holds no backup; it was"
              + " not made by neo4j-backup: move it away");
    }
  }

  /** Adds what in {@code folder} is not a database's folder (or Neo4j's store lock file). */
  private static void addForeignDatabaseFolders(Path folder, List<String> foreign)
      throws IOException {
    for (Path inner : list(folder)) {
      boolean lockFile = inner.getFileName().toString().equals("store_lock");
      if (Files.isSymbolicLink(inner) || !(Files.isDirectory(inner) || lockFile)) {
        foreign.add(inner.toString());
      }
    }
  }

  /**
   * {@code directory} holds only what a backup holds: its manifest and journal, {@code databases/}
   * and {@code transactions/} with a folder per database (and Neo4j's store lock file), and its
   * base, {@code base/} with the same two folders.
   */
  private void checkHoldsOnlyABackup(Path directory, String what) {
    List<String> foreign = new ArrayList<>();
    try {
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        foreign.add(directory.toString());
      } else {
        for (Path entry : list(directory)) {
          String name = entry.getFileName().toString();
          if (!BACKUP_ENTRIES.contains(name) || Files.isSymbolicLink(entry)) {
            foreign.add(entry.toString());
          } else if (name.equals(BackupLayout.BASE)) {
            for (Path inner : list(entry)) {
              String innerName = inner.getFileName().toString();
              boolean folders =
                  innerName.equals(BackupLayout.DATABASES)
                      || innerName.equals(BackupLayout.TRANSACTIONS);
              if (!folders || Files.isSymbolicLink(inner) || !Files.isDirectory(inner)) {
                foreign.add(inner.toString());
              } else {
                addForeignDatabaseFolders(inner, foreign);
              }
            }
          } else if (name.equals(BackupLayout.DATABASES)
              || name.equals(BackupLayout.TRANSACTIONS)) {
            addForeignDatabaseFolders(entry, foreign);
          }
        }
      }
    } catch (IOException e) {
      throw TargetFailures.writing(directory, e);
    }
    if (!foreign.isEmpty()) {
      throw new BackupException(
          BackupFailure.TARGET,
          directory
              + " holds "
              + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
              + ", which a backup made by neo4j-backup does not hold; refusing "
              + what
              + ", which would delete them: move them away");
    }
  }

  private List<Path> consistencyReports() throws IOException {
    Pattern report = BackupLayout.consistencyReports(target.getFileName().toString());
    return list(target.getParent()).stream()
        .filter(path -> report.matcher(path.getFileName().toString()).matches())
        .toList();
  }

  /**
   * The absolute target, refused when it is the root, not a directory, named like the files this
   * tool keeps beside a backup, or inside another backup.
   */
  private static Path checkedTarget(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    if (absolute.getParent() == null) {
      throw new BackupException(
          BackupFailure.USAGE, "the target directory cannot be the file system root");
    }
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new BackupException(BackupFailure.TARGET, absolute + " exists and is not a directory");
    }
    String name = absolute.getFileName().toString();
    if (BackupLayout.isSideName(name)) {
      throw new BackupException(
          BackupFailure.USAGE,
          "'"
              + name
              + "' is named like the files neo4j-backup keeps beside a backup (.NAME.staging,"
              + " .NAME.previous, .NAME.lock, NAME-consistency-report-TIME): choose another name");
    }
    for (Path ancestor = absolute.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      boolean sideFile =
          ancestor.getFileName() != null
              && BackupLayout.isSideName(ancestor.getFileName().toString());
      if (sideFile || Files.isRegularFile(ancestor.resolve(BackupLayout.MANIFEST))) {
        throw new BackupException(
            BackupFailure.TARGET,
            absolute
                + " is inside "
                + (sideFile ? "the neo4j-backup working directory " : "the backup ")
                + ancestor
                + ": a backup never goes inside another one; choose a directory outside it");
      }
    }
    return absolute;
  }

  /** A backup somewhere below {@code directory} (three levels at most), if any. */
  private static Optional<Path> backupBelow(Path directory) {
    try (Stream<Path> paths = Files.walk(directory, 3)) {
      return paths
          .filter(path -> path.getFileName().toString().equals(BackupLayout.MANIFEST))
          .map(Path::getParent)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static BackupDirectory lockExclusively(Path absolute) {
    Path lockFile = lockFileOf(absolute);
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw TargetFailures.writing(lockFile, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held in this JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw TargetFailures.writing(lockFile, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw busy(absolute, lockFile);
    }
    return new BackupDirectory(absolute, channel, lock);
  }

  private static BackupException busy(Path target, Path lockFile) {
    return new BackupException(
        BackupFailure.TARGET_BUSY,
        "another neo4j-backup is using "
            + target
            + " (a backup running into it, a restore reading it, or a deletion; it holds "
            + lockFile
            + ")");
  }

  static Path lockFileOf(Path target) {
    return target.resolveSibling(BackupLayout.lock(target.getFileName().toString()));
  }

  static Path stagingOf(Path target) {
    return target.resolveSibling(BackupLayout.staging(target.getFileName().toString()));
  }

  static Path previousOf(Path target) {
    return target.resolveSibling(BackupLayout.previous(target.getFileName().toString()));
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

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    }
  }

  /**
   * Deletes the tree at {@code root}, a path the caller made (symbolic links in it are deleted, not
   * followed); nothing when it is absent.
   */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
    if (lock == null) {
      return;
    }
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

package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupDirectory;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A directory the engine made for an object-store run, below {@code -work} or {@code
 * java.io.tmpdir}. The engine writes the marker file {@value #MARKER} into it before anything else
 * and deletes the marker last, and it empties or deletes a directory only while the marker is
 * there. A directory that holds anything and no marker is not the engine's: a run that meets one
 * where its own should be fails, naming it, and leaves it as it was.
 */
final class WorkDirectory {
  static final String MARKER = ".neo4j-backup-work";

  private WorkDirectory() {}

  /** A run's hold on a work directory; closing it lets the next run in. */
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Holds {@code directory} for this run until closed, through a lock on the file beside it ({@code
   * <directory>.lock}, which stays): two runs with one {@code -work} and one location would empty
   * each other's copy and upload, so the second fails at once ({@code TARGET_BUSY}).
   */
  static Hold hold(Path directory) {
    Path file = directory.resolveSibling(directory.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(directory.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(directory);
      }
      FileChannel held = channel;
      return () -> {
        try {
          held.close(); // releases the lock
        } catch (IOException e) {
          // the process's end releases it too
        }
      };
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw busy(directory);
    } catch (BackupException e) {
      closeQuietly(channel);
      throw e;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new BackupException(
          BackupFailure.TARGET, "cannot lock the work directory " + directory + ": " + e, e);
    }
  }

  /** Whether {@code directory} is a directory the engine made (it holds the marker). */
  static boolean isMarked(Path directory) {
    return Files.isRegularFile(directory.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Makes {@code directory} an empty work directory of the engine's, with its marker: creates it,
   * or empties it when the engine made it; refuses one the engine did not make unless it is empty.
   */
  static Path claim(Path directory) {
    try {
      if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        if (isMarked(directory)) {
          clearExcept(directory, null);
        } else if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
            || !isEmpty(directory)) {
          throw notOurs(directory);
        }
      }
      Files.createDirectories(directory);
      mark(directory);
      return directory;
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET, "cannot create the work directory " + directory + ": " + e, e);
    }
  }

  /** A new work directory of the engine's below {@code parent}, with its marker. */
  static Path create(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      Path directory = Files.createTempDirectory(parent, prefix);
      mark(directory);
      return directory;
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET, "cannot create a work directory in " + parent + ": " + e, e);
    }
  }

  /**
   * Deletes everything in {@code directory} but {@code kept} (null: nothing) and the marker; does
   * nothing unless the engine made {@code directory}.
   */
  static void clearExcept(Path directory, Path kept) throws IOException {
    if (!isMarked(directory)) {
      return;
    }
    Path marker = directory.resolve(MARKER);
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (!entry.equals(kept) && !entry.equals(marker)) {
          BackupDirectory.deleteRecursively(entry);
        }
      }
    }
  }

  /**
   * Deletes {@code directory} when the engine made it, the marker last, so that a run killed while
   * deleting leaves a directory a later run still knows as its own; leaves anything else. What
   * cannot be deleted is left: it is only space in a work directory.
   */
  static void deleteQuietly(Path directory) {
    try {
      if (!isMarked(directory)) {
        return;
      }
      clearExcept(directory, null);
      Files.delete(directory.resolve(MARKER));
      Files.delete(directory);
    } catch (IOException e) {
      // Only space: the next run with this work directory empties it.
    }
  }

  private static void mark(Path directory) throws IOException {
    Files.writeString(
        directory.resolve(MARKER),
        "made by neo4j-backup for its object-store runs; deleted with this directory\n",
        StandardCharsets.UTF_8);
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  private static BackupException busy(Path directory) {
    return new BackupException(
        BackupFailure.TARGET_BUSY,
        "another neo4j-backup run is using the work directory "
            + directory
            + " for the same location; runs with one -work and one location take turns: run this"
            + " one after it, or give it another -work");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  private static BackupException notOurs(Path directory) {
    return new BackupException(
        BackupFailure.TARGET,
        directory
            + " is where this run keeps its work for that location, but it holds files"
            + " neo4j-backup did not make (no "
            + MARKER
            + " marker in it), and neo4j-backup deletes nothing it did not make: move them"
            + " elsewhere, or give another -work directory");
  }
}

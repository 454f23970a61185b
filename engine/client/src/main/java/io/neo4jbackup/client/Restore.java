package io.neo4jbackup.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/**
 * Puts a backup in place of a database's folders in a stopped Neo4j's data directory: {@code
 * databases/<name>} and {@code transactions/<name>}. The backup is copied, not moved, so it stays
 * as it was and can take further incremental backups. The folders it replaces are kept aside
 * ({@code <name>.before-restore-<time>}) unless told otherwise.
 */
public final class Restore {
  private final Clock clock;

  public Restore(Clock clock) {
    this.clock = clock;
  }

  /** What a restore did. {@code keptAside} lists the replaced folders kept, if any. */
  public record Result(
      String database,
      long lastTxId,
      Path databaseDirectory,
      Path transactionLogDirectory,
      java.util.List<Path> keptAside) {}

  /**
   * Restores the backup in {@code backup} into {@code dataDirectory} as database {@code name}
   * (null: the backup's own database name).
   */
  public Result restore(Path backup, Path dataDirectory, String name, boolean keepPrevious) {
    try (BackupDirectory directory = BackupDirectory.open(backup)) {
      Manifest manifest = directory.existingBackup();
      if (manifest == null) {
        throw new BackupException(BackupFailure.USAGE, backup + " holds no backup to restore");
      }
      String database = name == null ? manifest.database() : name;
      Path data = dataDirectory.toAbsolutePath().normalize();
      if (!Files.isDirectory(data)) {
        throw new BackupException(
            BackupFailure.USAGE,
            data + " is not a directory (give the Neo4j data directory, e.g. NEO4J_HOME/data)");
      }
      refuseWhileInUse(data, database);
      try {
        return replace(directory.path(), manifest, data, database, keepPrevious);
      } catch (IOException e) {
        throw TargetFailures.writing(data, e);
      }
    }
  }

  private Result replace(
      Path backup, Manifest manifest, Path data, String database, boolean keepPrevious)
      throws IOException {
    Path stores = data.resolve("databases");
    Path logs = data.resolve("transactions");
    Files.createDirectories(stores);
    Files.createDirectories(logs);
    Path storeStaging = stores.resolve("." + database + ".restoring");
    Path logStaging = logs.resolve("." + database + ".restoring");
    BackupDirectory.deleteRecursively(storeStaging);
    BackupDirectory.deleteRecursively(logStaging);
    copy(backup.resolve("databases").resolve(manifest.database()), storeStaging);
    copy(backup.resolve("transactions").resolve(manifest.database()), logStaging);
    Durability.forceDirectories(storeStaging);
    Durability.forceDirectories(logStaging);

    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(clock.instant());
    java.util.List<Path> aside = new java.util.ArrayList<>();
    Path storeTarget = stores.resolve(database);
    Path logTarget = logs.resolve(database);
    for (Path target : java.util.List.of(storeTarget, logTarget)) {
      if (Files.exists(target)) {
        Path kept = target.resolveSibling(database + ".before-restore-" + stamp);
        Files.move(target, kept, StandardCopyOption.ATOMIC_MOVE);
        aside.add(kept);
      }
    }
    Files.move(storeStaging, storeTarget, StandardCopyOption.ATOMIC_MOVE);
    Files.move(logStaging, logTarget, StandardCopyOption.ATOMIC_MOVE);
    Durability.force(stores);
    Durability.force(logs);
    if (!keepPrevious) {
      for (Path kept : aside) {
        BackupDirectory.deleteRecursively(kept);
      }
      aside.clear();
    }
    return new Result(
        database, manifest.lastTxId(), storeTarget, logTarget, java.util.List.copyOf(aside));
  }

  /** A running Neo4j holds OS locks on its store files; while it does, restoring is refused. */
  private static void refuseWhileInUse(Path data, String database) {
    for (Path lockFile :
        java.util.List.of(
            data.resolve("databases/store_lock"),
            data.resolve("databases").resolve(database).resolve("database_lock"))) {
      if (!Files.exists(lockFile)) {
        continue;
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          throw new BackupException(
              BackupFailure.TARGET,
              "database '"
                  + database
                  + "' in "
                  + data
                  + " is in use ("
                  + lockFile
                  + " is locked): stop Neo4j, or the database, before restoring");
        }
        lock.release();
      } catch (IOException e) {
        throw TargetFailures.writing(lockFile, e);
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
          Durability.force(target);
        }
      }
    }
  }
}

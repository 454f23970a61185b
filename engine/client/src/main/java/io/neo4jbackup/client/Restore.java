package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a backup in place of a database's folders in a stopped Neo4j's data directory: {@code
 * databases/<name>} and {@code transactions/<name>}. The backup is only read, never changed (it may
 * be on a read-only mount) and can take further incremental backups; a restore holds a shared lock
 * on it meanwhile, so no backup writes into it and no deletion removes it. The folders it replaces
 * are kept aside ({@code <name>.before-restore-<time>}) unless told otherwise.
 *
 * <p>The copy is assembled and completed in a working directory inside the data directory, then
 * moved into place: a restore that fails or is killed leaves the database's folders as they were. A
 * backup that an interrupted incremental run left mid-change is restored as that run's next start
 * would leave it: logs that were still arriving are cut back (in the copy) to the last complete
 * backup, and a replay that had begun is finished (in the copy).
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
      List<Path> keptAside) {}

  /**
   * Restores the backup in {@code backup} into {@code dataDirectory} as database {@code name}
   * (null: the backup's own database name). {@code dataDirectory} may be absent (a new server).
   */
  public Result restore(Path backup, Path dataDirectory, String name, boolean keepPrevious) {
    try (BackupDirectory directory = BackupDirectory.openForReading(backup)) {
      Manifest manifest = Manifest.readFrom(directory.path());
      if (manifest == null) {
        throw new BackupException(
            BackupFailure.USAGE,
            directory.path()
                + " holds no backup to restore"
                + (Files.exists(BackupDirectory.previousOf(directory.path()))
                    ? " (an interrupted backup run left it mid-publish: run neo4j-backup into it"
                        + " once to finish that run)"
                    : ""));
      }
      String database = OnlineBackup.databaseName(name == null ? manifest.database() : name);
      Path data = dataDirectory.toAbsolutePath().normalize();
      if (Files.exists(data) && !Files.isDirectory(data)) {
        throw new BackupException(
            BackupFailure.USAGE,
            data + " is not a directory (give the Neo4j data directory, e.g. NEO4J_HOME/data)");
      }
      refuseWhileInUse(data, database);
      try {
        Durability.createDirectories(data);
        return replace(directory.path(), manifest, data, database, keepPrevious);
      } catch (IOException e) {
        throw TargetFailures.writing(data, e);
      }
    }
  }

  private Result replace(
      Path backup, Manifest manifest, Path data, String database, boolean keepPrevious)
      throws IOException {
    Path work = data.resolve(".neo4j-backup-restoring-" + database);
    BackupDirectory.deleteRecursively(work);
    Durability.createDirectories(work);
    Path storeCopy = work.resolve(BackupLayout.DATABASES).resolve(database);
    Path logCopy = TransactionLogs.directory(work, database);
    Durability.createDirectories(storeCopy.getParent());
    Durability.createDirectories(logCopy.getParent());
    TreeCopy.copy(backup.resolve(BackupLayout.DATABASES).resolve(manifest.database()), storeCopy);
    TreeCopy.copy(TransactionLogs.directory(backup, manifest.database()), logCopy);
    long lastTxId = completeInterruptedRun(backup, work, database, manifest);

    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(clock.instant());
    Path stores = data.resolve("databases");
    Path logs = data.resolve("transactions");
    Durability.createDirectories(stores);
    Durability.createDirectories(logs);
    List<Path> aside = new ArrayList<>();
    Path storeTarget = stores.resolve(database);
    Path logTarget = logs.resolve(database);
    for (Path target : List.of(storeTarget, logTarget)) {
      if (Files.exists(target)) {
        Path kept = target.resolveSibling(database + ".before-restore-" + stamp);
        Files.move(target, kept, StandardCopyOption.ATOMIC_MOVE);
        aside.add(kept);
      }
    }
    Files.move(storeCopy, storeTarget, StandardCopyOption.ATOMIC_MOVE);
    Files.move(logCopy, logTarget, StandardCopyOption.ATOMIC_MOVE);
    Durability.force(stores);
    Durability.force(logs);
    BackupDirectory.deleteRecursively(work);
    Durability.force(data);
    if (!keepPrevious) {
      for (Path kept : aside) {
        BackupDirectory.deleteRecursively(kept);
      }
      aside.clear();
    }
    return new Result(database, lastTxId, storeTarget, logTarget, List.copyOf(aside));
  }

  /**
   * Brings the copy in {@code work} to a complete backup when an interrupted incremental run left
   * the backup mid-change (its journal says how far it got); returns the copy's last transaction.
   */
  private static long completeInterruptedRun(
      Path backup, Path work, String database, Manifest manifest) throws IOException {
    IncrementalJournal journal = IncrementalJournal.readFrom(backup);
    if (journal == null) {
      return manifest.lastTxId();
    }
    if (journal.state() == IncrementalJournal.State.TRANSFERRING) {
      TransactionLogs.truncate(TransactionLogs.directory(work, database), journal.logEnd());
      return manifest.lastTxId();
    }
    return StoreRecovery.recover(
            work, database, StoreRecovery.StoreState.MAY_BE_PAST_CHECKPOINT, Progress.NONE)
        .lastTxId();
  }

  /** A running Neo4j holds OS locks on its store files; while it does, restoring is refused. */
  private static void refuseWhileInUse(Path data, String database) {
    for (Path lockFile :
        List.of(
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
}

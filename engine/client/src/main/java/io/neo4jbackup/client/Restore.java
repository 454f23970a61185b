package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.RecoveryWindow;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
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
 * <p>A chain restores its newest state, or ({@link RestorePoint}) the database as it was after any
 * transaction of its recovery window: its base copied, with the chain's logs up to the file that
 * holds that transaction, and recovered up to it and no further. A point outside the window is
 * refused before anything is written.
 *
 * <p>The copy is assembled and completed beside the folders it replaces, then moved into place: a
 * restore that fails leaves the database's folders as they were (one killed between its renames
 * leaves the replaced folders as {@code <name>.before-restore-<time>}). A backup that an
 * interrupted incremental run left mid-change is restored as that run's next start would leave it:
 * logs that were still arriving are cut back (in the copy) to the last complete backup, and a
 * replay that had begun is finished (in the copy).
 */
public final class Restore {
  private final Clock clock;
  private final Progress progress;

  public Restore(Clock clock) {
    this(clock, Progress.NONE);
  }

  public Restore(Clock clock, Progress progress) {
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * What a restore did: the database it restored, up to which transaction (committed at {@code
   * lastCommitTime} on the source, when the backup knows), whether the consistency checker passed
   * it (null: not asked), and the replaced folders kept, if any.
   */
  public record Result(
      String database,
      long lastTxId,
      Instant lastCommitTime,
      Path databaseDirectory,
      Path transactionLogDirectory,
      List<Path> keptAside,
      Boolean verified) {}

  /**
   * Restores the newest state of the backup in {@code backup} into {@code dataDirectory} as
   * database {@code name} (null: the backup's own database name). {@code dataDirectory} may be
   * absent (a new server).
   */
  public Result restore(Path backup, Path dataDirectory, String name, boolean keepPrevious) {
    return restore(backup, dataDirectory, name, keepPrevious, RestorePoint.newest(), false);
  }

  /**
   * Restores {@code point} of the chain in {@code backup}: its newest state, or an earlier one
   * rebuilt from the chain's base and logs. A point outside the chain's window is refused before
   * anything is written. With {@code verify}, the consistency checker must pass the restored
   * database before it is put in place.
   */
  public Result restore(
      Path backup,
      Path dataDirectory,
      String name,
      boolean keepPrevious,
      RestorePoint point,
      boolean verify) {
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
      ChainLogs.Commit earlier = earlierState(directory.path(), manifest, point);
      refuseWhileInUse(data, database);
      try {
        Durability.createDirectories(data);
        return replace(directory.path(), manifest, data, database, keepPrevious, earlier, verify);
      } catch (IOException e) {
        throw TargetFailures.writing(data, e);
      }
    }
  }

  /**
   * The transaction {@code point} names when it is not the backup's newest state (null when it is);
   * refuses a point outside the chain's window.
   */
  private static ChainLogs.Commit earlierState(Path backup, Manifest manifest, RestorePoint point) {
    if (point.isNewest()) {
      return null;
    }
    RecoveryWindow window = manifest.window();
    if (window == null) {
      if (point.txId() != null && point.txId() == manifest.lastTxId()) {
        return null;
      }
      throw new BackupException(
          BackupFailure.USAGE,
          String.format(
              "%s holds only its newest state, transaction %d (it was made before neo4j-backup kept"
                  + " chains for point-in-time restore): it cannot restore %s",
              backup, manifest.lastTxId(), point));
    }
    boolean inside =
        point.txId() != null ? window.containsTx(point.txId()) : window.containsTime(point.time());
    if (!inside) {
      throw new BackupException(
          BackupFailure.USAGE,
          String.format(
              "%s is outside the recovery window of %s, which restores %s; nothing was written",
              point.txId() != null ? "transaction " + point.txId() : point.time(),
              backup,
              window.describe()));
    }
    ChainLogs.Commit commit =
        point.txId() != null
            ? ChainLogs.transaction(backup, manifest, point.txId())
            : ChainLogs.lastCommittedAtOrBefore(backup, manifest, point.time());
    boolean newest = commit.txId() == manifest.lastTxId();
    try {
      // The newest state is copied as it is, unless an interrupted run left it mid-change.
      return newest && IncrementalJournal.readFrom(backup) == null ? null : commit;
    } catch (IOException e) {
      throw TargetFailures.writing(backup, e);
    }
  }

  private Result replace(
      Path backup,
      Manifest manifest,
      Path data,
      String database,
      boolean keepPrevious,
      ChainLogs.Commit earlier,
      boolean verify)
      throws IOException {
    Path stores = data.resolve(BackupLayout.DATABASES);
    Path logs = data.resolve(BackupLayout.TRANSACTIONS);
    Durability.createDirectories(stores);
    Durability.createDirectories(logs);
    // The copy is made beside each folder it replaces, so that it is put in place by a rename
    // on the same file system even where the transaction logs are mounted apart.
    String copyName = ".neo4j-backup-restoring-" + database;
    Path storeCopy = stores.resolve(copyName);
    Path logCopy = logs.resolve(copyName);
    BackupDirectory.deleteRecursively(storeCopy);
    BackupDirectory.deleteRecursively(logCopy);
    long lastTxId;
    Instant lastCommitTime;
    Boolean verified = null;
    try {
      if (earlier == null) {
        TreeCopy.copy(
            backup.resolve(BackupLayout.DATABASES).resolve(manifest.database()), storeCopy);
        TreeCopy.copy(TransactionLogs.directory(backup, manifest.database()), logCopy);
        StoreRecovery.RecoveredStore completed =
            completeInterruptedRun(backup, data, copyName, manifest);
        lastTxId = completed == null ? manifest.lastTxId() : completed.lastTxId();
        lastCommitTime = completed == null ? manifest.lastCommitTime() : completed.lastCommitTime();
      } else {
        ChainBase.copyUpTo(backup, manifest, earlier.logVersion(), storeCopy, logCopy);
        StoreRecovery.RecoveredStore store =
            StoreRecovery.recoverUntil(data, copyName, earlier.txId(), progress);
        if (!store.storeId().sameStoreAs(manifest.storeId())) {
          throw new BackupException(
              BackupFailure.TARGET,
              backup + "'s base is of store " + store.storeId() + ", not " + manifest.storeId());
        }
        lastTxId = earlier.txId();
        lastCommitTime = earlier.time();
      }
      if (verify) {
        verified = verifyOrFail(data, copyName, database);
      }
    } catch (RuntimeException | IOException e) {
      discard(e, storeCopy, logCopy);
      throw e;
    }

    String stamp = stamp();
    Path storeTarget = stores.resolve(database);
    Path logTarget = logs.resolve(database);
    List<Path[]> moved = new ArrayList<>();
    List<Path> aside = new ArrayList<>();
    try {
      for (Path target : List.of(storeTarget, logTarget)) {
        if (Files.exists(target)) {
          Path kept = target.resolveSibling(database + ".before-restore-" + stamp);
          move(target, kept, moved);
          aside.add(kept);
        }
      }
      move(storeCopy, storeTarget, moved);
      move(logCopy, logTarget, moved);
    } catch (IOException e) {
      undo(moved, e);
      throw e;
    }
    Durability.force(stores);
    Durability.force(logs);
    if (!keepPrevious) {
      for (Path kept : aside) {
        BackupDirectory.deleteRecursively(kept);
      }
      aside.clear();
    }
    return new Result(
        database, lastTxId, lastCommitTime, storeTarget, logTarget, List.copyOf(aside), verified);
  }

  private String stamp() {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)
        .format(clock.instant());
  }

  /**
   * Runs the consistency checker on the restored copy; when it finds errors the restore fails,
   * leaving the database's folders as they were, and the report stays in the data directory.
   */
  private boolean verifyOrFail(Path data, String copyName, String database) {
    Path report = data.resolve(database + "-restore-consistency-report-" + stamp());
    ConsistencyVerifier.Verdict verdict = ConsistencyVerifier.check(data, copyName, report);
    if (!verdict.consistent()) {
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker found errors in the restored copy of database '"
              + database
              + "' ("
              + verdict.summary()
              + "); report: "
              + verdict.report()
              + ". The database's folders were left as they were");
    }
    return true;
  }

  /** Deletes the copies of a restore that failed before putting them in place. */
  private static void discard(Exception cause, Path... copies) {
    for (Path copy : copies) {
      try {
        BackupDirectory.deleteRecursively(copy);
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  private static void move(Path from, Path to, List<Path[]> moved) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    moved.add(new Path[] {from, to});
  }

  /**
   * Puts back, in reverse order, what the failed restore moved: the database's folders as they
   * were.
   */
  private static void undo(List<Path[]> moved, IOException cause) {
    for (int i = moved.size() - 1; i >= 0; i--) {
      try {
        Files.move(moved.get(i)[1], moved.get(i)[0], StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * Brings the copy ({@code copyName} in {@code data}) to a complete backup when an interrupted
   * incremental run left the backup mid-change (its journal says how far it got); returns the store
   * a replay it finished left, or null when the copy is the manifest's backup.
   */
  static StoreRecovery.RecoveredStore completeInterruptedRun(
      Path backup, Path data, String copyName, Manifest manifest) throws IOException {
    IncrementalJournal journal = IncrementalJournal.readFrom(backup);
    if (journal == null) {
      return null;
    }
    if (journal.state() == IncrementalJournal.State.TRANSFERRING) {
      TransactionLogs.truncate(TransactionLogs.directory(data, copyName), journal.logEnd());
      return null;
    }
    StoreRecovery.RecoveredStore store =
        StoreRecovery.recover(
            data, copyName, StoreRecovery.StoreState.MAY_BE_PAST_CHECKPOINT, Progress.NONE);
    journal.checkReplayed(store, manifest, backup);
    return store;
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

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.DrillResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.io.layout.DatabaseLayout;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.kernel.api.exceptions.Status;
import org.neo4j.kernel.database.DatabaseTracers;
import org.neo4j.kernel.impl.transaction.log.CheckpointInfo;
import org.neo4j.kernel.impl.transaction.log.LogTailMetadata;
import org.neo4j.kernel.impl.transaction.log.files.LogTailInformation;
import org.neo4j.kernel.recovery.LogTailExtractor;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.storageengine.api.StorageEngineFactory;

/**
 * A restore drill: proves that a backup restores by doing it. A copy of the backup's newest state
 * is booted, read-only, by an embedded Neo4j in a scratch directory, and a query the owner chose
 * must answer what the owner expects. The backup itself is only read (under its shared lock while
 * it is copied) and never booted: booting writes id files and a checkpoint even read-only.
 *
 * <p>The scratch directory (under {@code java.io.tmpdir} unless told otherwise) takes the store,
 * the checkpoint files and the transaction logs from the latest checkpoint's log on (all of the
 * chain's logs when an interrupted run left the backup mid-change), and is deleted afterwards,
 * whatever happened.
 */
public final class Drill {
  /** The embedded Neo4j's page cache: a drill reads little, and shares its pod with nothing. */
  private static final long PAGE_CACHE_BYTES = 64L * 1024 * 1024;

  /** The longest the copy may take to become available once the embedded Neo4j started. */
  private static final Duration BOOT_BOUND = Duration.ofMinutes(10);

  /** The longest a drill's query may run: a query that never ends must not hold a Job forever. */
  public static final Duration QUERY_BOUND = Duration.ofMinutes(10);

  private final Path scratchParent;
  private final Duration queryBound;

  /** Drills in a scratch directory under {@code java.io.tmpdir}. */
  public Drill() {
    this(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Drills in a scratch directory under {@code scratchParent}. */
  public Drill(Path scratchParent) {
    this(scratchParent, QUERY_BOUND);
  }

  /**
   * Drills in a scratch directory under {@code scratchParent}; the query runs for {@code
   * queryBound} at most.
   */
  public Drill(Path scratchParent, Duration queryBound) {
    this.scratchParent = scratchParent.toAbsolutePath().normalize();
    this.queryBound = queryBound;
  }

  /**
   * Boots a copy of the newest state of the backup in {@code backup} and asks it {@code query},
   * which must answer {@code expected} (both trimmed). Refuses a directory that holds no backup
   * ({@link BackupFailure#USAGE}), one a backup or deletion holds ({@link
   * BackupFailure#TARGET_BUSY}), and a query that cannot run or returns other than one column
   * ({@link BackupFailure#USAGE}).
   */
  public DrillResult run(Path backup, String query, String expected) {
    checkQuery(query, expected);
    Path absolute = backup.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new BackupException(
          BackupFailure.USAGE, absolute + " is not a directory: give a backup directory");
    }
    long started = System.nanoTime();
    Path scratch = createScratch();
    try {
      Copied copied;
      try (BackupDirectory directory = BackupDirectory.openForReading(absolute)) {
        Manifest manifest = Manifest.readFrom(directory.path());
        if (manifest == null) {
          throw new BackupException(
              BackupFailure.USAGE,
              directory.path() + " holds no backup made by neo4j-backup: nothing to drill");
        }
        copied = copyNewestState(directory.path(), manifest, scratch);
      }
      return ask(scratch, copied, query, expected, started);
    } finally {
      deleteScratch(scratch);
    }
  }

  /**
   * Drills the complete, recovered database {@code database} in {@code dataDirectory} (a backup
   * being built, which the caller holds), as of transaction {@code lastTxId}.
   */
  DrillResult runOn(
      Path dataDirectory,
      String database,
      long lastTxId,
      Instant lastCommitTime,
      String query,
      String expected) {
    checkQuery(query, expected);
    long started = System.nanoTime();
    Path scratch = createScratch();
    try {
      Path data = scratch.resolve("data");
      try {
        copyStore(dataDirectory, database, data, true);
      } catch (IOException e) {
        throw scratchFailure(scratch, e);
      }
      return ask(scratch, new Copied(database, lastTxId, lastCommitTime), query, expected, started);
    } finally {
      deleteScratch(scratch);
    }
  }

  /** What was copied into the scratch directory: the state of {@code database} it holds. */
  private record Copied(String database, long lastTxId, Instant lastCommitTime) {}

  private static void checkQuery(String query, String expected) {
    if (query == null || query.isBlank() || expected == null) {
      throw new BackupException(
          BackupFailure.USAGE,
          "a restore drill needs a query (-drill-query) and its expected answer (-drill-expect)");
    }
  }

  /**
   * Copies the newest state of the backup into {@code scratch}; a backup an interrupted run left
   * mid-change is first brought, in the copy, to where that run's next start would leave it.
   */
  private Copied copyNewestState(Path backup, Manifest manifest, Path scratch) {
    String database = manifest.database();
    Path data = scratch.resolve("data");
    try {
      boolean interrupted = IncrementalJournal.readFrom(backup) != null;
      copyStore(backup, database, data, !interrupted);
      StoreRecovery.RecoveredStore completed =
          interrupted ? Restore.completeInterruptedRun(backup, data, database, manifest) : null;
      return completed == null
          ? new Copied(database, manifest.lastTxId(), manifest.lastCommitTime())
          : new Copied(database, completed.lastTxId(), completed.lastCommitTime());
    } catch (IOException e) {
      throw scratchFailure(scratch, e);
    }
  }

  /**
   * Copies {@code database}'s store, its checkpoint files and its transaction logs from {@code
   * from} into the data directory {@code to}: with {@code fromCheckpoint}, the logs from the one
   * the latest checkpoint needs (when that can be read; else all of them).
   */
  private static void copyStore(Path from, String database, Path to, boolean fromCheckpoint)
      throws IOException {
    Path store = from.resolve(BackupLayout.DATABASES).resolve(database);
    Path logs = TransactionLogs.directory(from, database);
    if (!Files.isDirectory(store) || !Files.isDirectory(logs)) {
      throw new BackupException(
          BackupFailure.TARGET,
          from + " lacks the store or the transaction logs of database '" + database + "'");
    }
    copyTree(store, to.resolve(BackupLayout.DATABASES).resolve(database));
    Path logCopy = TransactionLogs.directory(to, database);
    Files.createDirectories(logCopy);
    long firstLog = fromCheckpoint ? firstLogNeeded(from, database) : 0;
    for (Path file : list(logs)) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      long version = logVersion(file);
      if (version < 0 || version >= firstLog) {
        Files.copy(file, logCopy.resolve(file.getFileName().toString()));
      }
    }
  }

  /**
   * The first log version a boot of the store in {@code dataDirectory} needs: the one its latest
   * checkpoint points into (or an earlier one holding a transaction it did not see), read without
   * writing; 0 (all of them) when there is no checkpoint to trust, or recovery would be needed.
   */
  static long firstLogNeeded(Path dataDirectory, String database) {
    Config config = StoreRecovery.config(dataDirectory);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(database);
    try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
      StorageEngineFactory engine = StorageEngineFactory.selectStorageEngine(fs, layout, config);
      LogTailMetadata tail =
          new LogTailExtractor(fs, config, engine, DatabaseTracers.EMPTY, true)
              .getTailMetadata(layout, EmptyMemoryTracker.INSTANCE);
      if (!(tail instanceof LogTailInformation information)
          || tail.isRecoveryRequired()
          || information.logsMissing()
          || information.lastCheckPoint == null) {
        return 0;
      }
      CheckpointInfo checkpoint = information.lastCheckPoint;
      return Math.max(
          0,
          Math.min(
              checkpoint.transactionLogPosition().getLogVersion(),
              checkpoint.oldestNotVisibleTransactionLogPosition().getLogVersion()));
    } catch (Exception e) {
      return 0;
    }
  }

  /** The version of a transaction log file, or -1 for any other file (checkpoints). */
  private static long logVersion(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(TransactionLogs.PREFIX)
        && name.substring(TransactionLogs.PREFIX.length()).matches("[0-9]+")) {
      return Long.parseLong(name.substring(TransactionLogs.PREFIX.length()));
    }
    return -1;
  }

  /**
   * Boots the copy in {@code scratch} read-only, asks it {@code query} and shuts it down; the
   * result's duration counts from {@code started}.
   */
  private DrillResult ask(
      Path scratch, Copied copied, String query, String expected, long started) {
    String database = copied.database();
    DatabaseManagementService dbms;
    try {
      dbms =
          new DatabaseManagementServiceBuilder(scratch.resolve("home"))
              .setConfig(GraphDatabaseSettings.data_directory, scratch.resolve("data"))
              .setConfig(GraphDatabaseSettings.initial_default_database, database)
              .setConfig(GraphDatabaseSettings.read_only_databases, Set.of(database))
              .setConfig(GraphDatabaseSettings.pagecache_memory, PAGE_CACHE_BYTES)
              .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
              .setConfig(BoltConnector.enabled, false)
              .setConfig(HttpConnector.enabled, false)
              .setConfig(HttpsConnector.enabled, false)
              .build();
    } catch (RuntimeException e) {
      throw didNotBoot(database, e);
    }
    String answer;
    try {
      GraphDatabaseService db = dbms.database(database);
      if (!db.isAvailable(BOOT_BOUND.toMillis())) {
        throw didNotBoot(database, null);
      }
      answer = answer(db, query, queryBound);
    } catch (BackupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw didNotBoot(database, e);
    } finally {
      dbms.shutdown();
    }
    String actual =
        answer.length() > DrillResult.MAX_ACTUAL
            ? answer.substring(0, DrillResult.MAX_ACTUAL)
            : answer;
    return new DrillResult(
        database,
        copied.lastTxId(),
        copied.lastCommitTime(),
        query,
        expected,
        actual,
        answer.strip().equals(expected.strip()),
        Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
  }

  /**
   * The one value {@code query} returns, as text; when it returns another number of rows, says how
   * many (which does not pass). A query that cannot run, or returns another number of columns, is
   * refused as bad usage.
   */
  private static String answer(GraphDatabaseService db, String query, Duration bound) {
    try (Transaction tx = db.beginTx(bound.toMillis(), TimeUnit.MILLISECONDS);
        Result result = tx.execute(query)) {
      List<String> columns = result.columns();
      if (columns.size() != 1) {
        throw new BackupException(
            BackupFailure.USAGE,
            "the drill query "
                + query
                + " returns "
                + columns.size()
                + " columns "
                + columns
                + ": a drill query returns one row of one column");
      }
      String column = columns.get(0);
      String first = null;
      long rows = 0;
      while (result.hasNext()) {
        Object value = result.next().get(column);
        if (rows++ == 0) {
          first = DrillAnswer.render(value);
        }
      }
      return rows == 1
          ? first
          : rows
              + " rows (a drill query returns one row of one column; this one returned "
              + rows
              + ")";
    } catch (BackupException e) {
      throw e;
    } catch (RuntimeException e) {
      if (timedOut(e)) {
        throw new BackupException(
            BackupFailure.USAGE,
            "the drill query "
                + query
                + " ran longer than "
                + describe(bound)
                + " and was stopped: a drill query answers in far less; ask for less",
            e);
      }
      if (isTheQuerysFault(e)) {
        throw new BackupException(
            BackupFailure.USAGE,
            "the drill query "
                + query
                + " cannot run on a read-only copy of the backup: "
                + e.getMessage(),
            e);
      }
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "restore drill failed: the read-only copy of the backup could not answer the query "
              + query
              + ": "
              + e,
          e);
    }
  }

  /** Neo4j stopped the query's transaction at its timeout. */
  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof Status.HasStatus status
          && (status.status() == Status.Transaction.TransactionTimedOut
              || status.status() == Status.Transaction.TransactionTimedOutClientConfiguration)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Duration bound) {
    return bound.toSeconds() % 60 == 0 && bound.toMinutes() > 0
        ? bound.toMinutes() + " minutes"
        : bound.toMillis() + " ms";
  }

  /** A syntax error, a write on the read-only copy, a type error: the query's fault. */
  private static boolean isTheQuerysFault(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof QueryExecutionException) {
        return true;
      }
      if (cause instanceof Status.HasStatus status
          && status.status().code().classification() == Status.Classification.ClientError) {
        return true;
      }
    }
    return false;
  }

  private static BackupException didNotBoot(String database, Exception cause) {
    return new BackupException(
        BackupFailure.VERIFICATION,
        "restore drill failed: the copy of the backup of database '"
            + database
            + "' did not boot"
            + (cause == null ? " in " + BOOT_BOUND.toMinutes() + " minutes" : ": " + cause),
        cause);
  }

  private Path createScratch() {
    try {
      Files.createDirectories(scratchParent);
      return Files.createTempDirectory(scratchParent, "neo4j-backup-drill-");
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET,
          "cannot create the restore drill's scratch directory in "
              + scratchParent
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static BackupException scratchFailure(Path scratch, IOException e) {
    return new BackupException(
        BackupFailure.TARGET,
        "cannot copy the backup into the restore drill's scratch directory "
            + scratch
            + " (it needs room for the database and the logs it copies): "
            + e,
        e);
  }

  private static void deleteScratch(Path scratch) {
    try {
      BackupDirectory.deleteRecursively(scratch);
    } catch (IOException e) {
      // Nothing else to do: the scratch directory is under the temporary directory.
      System.err.println("neo4j-backup: could not delete " + scratch + ": " + e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    }
  }
}

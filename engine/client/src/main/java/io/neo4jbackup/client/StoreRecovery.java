package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.io.fs.StoreChannel;
import org.neo4j.io.fs.StoreFileChannel;
import org.neo4j.io.layout.DatabaseLayout;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.io.mem.MemoryAllocator;
import org.neo4j.io.pagecache.IOController;
import org.neo4j.io.pagecache.OutOfDiskSpaceException;
import org.neo4j.io.pagecache.PageCache;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.io.pagecache.impl.muninn.MuninnPageCache;
import org.neo4j.io.pagecache.impl.muninn.StandalonePageCacheFactory;
import org.neo4j.io.pagecache.tracing.PageCacheTracer;
import org.neo4j.kernel.KernelVersion;
import org.neo4j.kernel.KernelVersionProvider;
import org.neo4j.kernel.database.DatabaseTracers;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.impl.scheduler.JobSchedulerFactory;
import org.neo4j.kernel.impl.transaction.CommittedCommandBatchRepresentation;
import org.neo4j.kernel.impl.transaction.log.LogTailMetadata;
import org.neo4j.kernel.recovery.LogTailExtractor;
import org.neo4j.kernel.recovery.Recovery;
import org.neo4j.kernel.recovery.RecoveryExtension;
import org.neo4j.kernel.recovery.RecoveryMode;
import org.neo4j.kernel.recovery.RecoveryMonitor;
import org.neo4j.kernel.recovery.RecoveryPredicate;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.monitoring.Monitors;
import org.neo4j.scheduler.JobScheduler;
import org.neo4j.storageengine.api.StorageEngineFactory;
import org.neo4j.storageengine.api.StoreId;
import org.neo4j.storageengine.api.TransactionId;

/**
 * Recovers a copied store offline, in this JVM, with Neo4j's own recovery: every transaction from
 * the pinned checkpoint to the end of the copied logs is applied, leaving a consistent database
 * that boots as it is. Then reads what the recovered store says about itself.
 *
 * <p>Recovery runs on a file system that does not advise the kernel's page cache about the
 * transaction logs (see {@link NoCacheAdvice}), and on an incremental backup, whose store is
 * exactly as its last checkpoint left it, it only redoes (see {@link StoreState}).
 */
final class StoreRecovery {
  private static final long PAGE_CACHE_BYTES = 256L * 1024 * 1024;

  /** The longest recovery waits for an index it rebuilds ({@link IndexPopulationAwait}). */
  private static final Duration INDEX_POPULATION_BOUND = Duration.ofHours(24);

  /**
   * Neo4j's native access (posix_fadvise and posix_fallocate through JNA) is off in the engine:
   * recovery here preallocates no log ({@link #config}) and gives no cache advice ({@link
   * NoCacheAdvice}), so it had no use, and loading it made JNA run {@code ldconfig -p} as a child
   * process in every recovery. Set before Neo4j first asks for it; a value given on the command
   * line wins.
   */
  static {
    System.getProperties()
        .putIfAbsent(
            "org.neo4j.internal.nativeimpl.NativeAccessProvider.disableNativeAccess", "true");
  }

  private StoreRecovery() {}

  /**
   * What a recovered store holds: its id and its last committed transaction, with that
   * transaction's commit time on the source.
   */
  record RecoveredStore(
      StoreIdentity storeId,
      long lastTxId,
      int lastTxChecksum,
      long lastAppendIndex,
      Instant lastCommitTime) {

    RecoveredStore(StoreIdentity storeId, long lastTxId, int lastTxChecksum, long lastAppendIndex) {
      this(storeId, lastTxId, lastTxChecksum, lastAppendIndex, null);
    }
  }

  /** What the store files hold, relative to the checkpoint recovery starts from. */
  enum StoreState {
    /**
     * Copied while the database was written to: pages may hold changes made after the checkpoint,
     * so recovery first undoes the transactions after it, from the end of the logs back, and then
     * redoes them all. Also what a store is after recovery was interrupted.
     */
    MAY_BE_PAST_CHECKPOINT,
    /**
     * A backup that recovery completed and checkpointed, with transactions appended to its logs
     * since: nothing after the checkpoint reached the store, so there is nothing to undo and
     * recovery only redoes.
     */
    AT_CHECKPOINT
  }

  static RecoveredStore recover(
      Path dataDirectory, String database, StoreState state, Progress progress) {
    return recover(dataDirectory, database, state, RecoveryPredicate.ALL, progress);
  }

  /**
   * Recovers a chain's base up to transaction {@code txId} and no further: Neo4j cuts the logs
   * after it (in this copy) and checkpoints there. The base may be the store as the full backup
   * copied it, past its checkpoint, so recovery undoes before it redoes, as the full backup's did
   * (on a base that stands at its checkpoint the undoing changes nothing). The copy of what it cut,
   * which Neo4j keeps in the database directory, is deleted. Fails unless the store then ends at
   * {@code txId}.
   */
  static RecoveredStore recoverUntil(
      Path dataDirectory, String database, long txId, Progress progress) {
    RecoveredStore store =
        recover(
            dataDirectory,
            database,
            StoreState.MAY_BE_PAST_CHECKPOINT,
            RecoveryPredicate.untilTransactionId(txId + 1),
            progress);
    Config config = config(dataDirectory);
    Path cutLogs =
        Neo4jLayout.of(config)
            .databaseLayout(database)
            .databaseDirectory()
            .resolve(TRUNCATED_LOGS_ARCHIVE);
    try {
      BackupDirectory.deleteRecursively(cutLogs);
    } catch (IOException e) {
      throw TargetFailures.writing(cutLogs, e);
    }
    if (store.lastTxId() != txId) {
      throw new BackupException(
          BackupFailure.TARGET,
          String.format(
              "recovering %s up to transaction %d ended at transaction %d: the chain's logs do not"
                  + " hold what its manifest says",
              dataDirectory, txId, store.lastTxId()));
    }
    return store;
  }

  /**
   * Where recovery of a store starts: the position its newest checkpoint points to in the logs.
   * {@code oldestNotVisibleElsewhere} says that checkpoint also points to an earlier position,
   * whose transactions recovery reads too.
   */
  record Checkpoint(long logVersion, long logOffset, boolean oldestNotVisibleElsewhere) {}

  /**
   * The checkpoint recovery of the store in {@code dataDirectory} starts from, read without
   * writing; null when it has none.
   */
  static Checkpoint checkpoint(Path dataDirectory, String database) {
    Config config = config(dataDirectory);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(database);
    try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
      StorageEngineFactory engine = StorageEngineFactory.selectStorageEngine(fs, layout, config);
      LogTailMetadata tail =
          new LogTailExtractor(fs, config, engine, DatabaseTracers.EMPTY, true)
              .getTailMetadata(
                  engine.formatSpecificDatabaseLayout(layout),
                  EmptyMemoryTracker.INSTANCE,
                  () -> KernelVersion.getLatestVersion(config));
      return tail.getLastCheckPoint()
          .map(
              info ->
                  new Checkpoint(
                      info.transactionLogPosition().getLogVersion(),
                      info.transactionLogPosition().getByteOffset(),
                      !info.oldestNotVisibleTransactionLogPosition()
                          .equals(info.transactionLogPosition())))
          .orElse(null);
    } catch (Exception e) {
      throw failed(dataDirectory, e);
    }
  }

  /** Where Neo4j's recovery keeps the log bytes it cut after a stop point. */
  static final String TRUNCATED_LOGS_ARCHIVE = "corrupted-neostore.transaction.db";

  private static RecoveredStore recover(
      Path dataDirectory,
      String database,
      StoreState state,
      RecoveryPredicate until,
      Progress progress) {
    Config config = config(dataDirectory);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(database);
    IndexPopulationAwait indexes =
        new IndexPopulationAwait(INDEX_POPULATION_BOUND, Duration.ofSeconds(30));
    try (FileSystemAbstraction fs = new NoCacheAdvice();
        JobScheduler scheduler = JobSchedulerFactory.createInitialisedScheduler();
        PageCache pageCache = pageCache(fs, scheduler)) {
      Monitors monitors = replayMonitor(progress);
      monitors.addMonitorListener(indexes);
      StorageEngineFactory engine = StorageEngineFactory.selectStorageEngine(fs, layout, config);
      KernelVersionProvider emptyLogs = () -> KernelVersion.getLatestVersion(config);
      // The log tail recovery starts from, read once and handed to it, as Neo4j's own database
      // start does: given none, recovery reads it twice (whether recovery is needed, then to
      // recover). Read as recovery itself would read it.
      LogTailMetadata before =
          new LogTailExtractor(fs, config, engine, DatabaseTracers.EMPTY, false)
              .getTailMetadata(
                  engine.formatSpecificDatabaseLayout(layout),
                  EmptyMemoryTracker.INSTANCE,
                  emptyLogs);
      Recovery.performRecovery(
          Recovery.context(
                  fs,
                  pageCache,
                  DatabaseTracers.EMPTY,
                  config,
                  layout,
                  EmptyMemoryTracker.INSTANCE,
                  IOController.DISABLED,
                  NullLogProvider.getInstance(),
                  before)
              .recoveryMode(
                  state == StoreState.AT_CHECKPOINT ? RecoveryMode.FORWARD : RecoveryMode.FULL)
              .recoveryPredicate(until)
              .extensionFactories(recoveryExtensions(indexes))
              .monitors(monitors));
      LogTailMetadata tail =
          new LogTailExtractor(fs, config, engine, DatabaseTracers.EMPTY)
              .getTailMetadata(layout, EmptyMemoryTracker.INSTANCE);
      if (tail.isRecoveryRequired()) {
        throw new BackupException(
            BackupFailure.PROTOCOL, "the copied store still needs recovery after recovering it");
      }
      TransactionId last = tail.getLastCommittedTransaction();
      StoreId storeId =
          StoreId.retrieveFromStore(fs, layout, pageCache, CursorContext.NULL_CONTEXT);
      return new RecoveredStore(
          identity(storeId),
          last.id(),
          last.checksum(),
          last.appendIndex(),
          Instant.ofEpochMilli(last.commitTimestamp()));
    } catch (BackupException e) {
      throw e;
    } catch (Exception e) {
      throw failed(dataDirectory, e);
    }
  }

  /**
   * The extensions recovery runs: only ours. Neo4j 5.26's recovery instantiates only the extension
   * factories marked {@link RecoveryExtension} among those it is given (index providers are not
   * extensions: recovery builds them all itself); of the {@link ExtensionFactory} services on the
   * engine's class path none is marked (a test checks it), so loading them all, as recovery does
   * when given none, only cost class loading and instantiation.
   */
  static List<ExtensionFactory<?>> recoveryExtensions(IndexPopulationAwait indexes) {
    return List.of(indexes.extension());
  }

  /**
   * Why recovery failed: a full file system where the backup is written (recovery fills pages the
   * transfer left as holes, and grows store files), or else a copy that cannot be recovered.
   */
  static BackupException failed(Path dataDirectory, Exception e) {
    Throwable full = diskFull(e);
    if (full != null) {
      return TargetFailures.writing(
          dataDirectory, new IOException("No space left on device", full));
    }
    return new BackupException(
        BackupFailure.PROTOCOL,
        "recovering the copied store failed, so the copy is not usable: " + e.getMessage(),
        e);
  }

  /** The full disk among {@code e}'s causes and suppressed exceptions, or null. */
  private static Throwable diskFull(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutOfDiskSpaceException
          || (cause instanceof IOException io
              && io.getMessage() != null
              && io.getMessage().contains("No space left on device"))) {
        return cause;
      }
      for (Throwable suppressed : cause.getSuppressed()) {
        Throwable full = diskFull(suppressed);
        if (full != null) {
          return full;
        }
      }
    }
    return null;
  }

  private static Monitors replayMonitor(Progress progress) {
    Monitors monitors = new Monitors();
    monitors.addMonitorListener(
        new RecoveryMonitor() {
          @Override
          public void batchRecovered(CommittedCommandBatchRepresentation batch) {
            progress.replayed(batch.appendIndex());
          }
        });
    return monitors;
  }

  static Config config(Path dataDirectory) {
    return Config.newBuilder()
        .set(GraphDatabaseSettings.neo4j_home, dataDirectory.toAbsolutePath())
        .set(GraphDatabaseSettings.data_directory, dataDirectory.toAbsolutePath())
        .set(GraphDatabaseSettings.preallocate_logical_logs, false)
        // A chain's logs restore any transaction since its base: recovery's checkpoint must never
        // prune them.
        .set(GraphDatabaseSettings.keep_logical_logs, "keep_all")
        .build();
  }

  /**
   * The local file system, without the page-cache advice Neo4j gives for transaction logs. Neo4j
   * asks the kernel to read a log ahead and keep it cached when it opens one, and to evict it when
   * it closes one. Recovery opens the same logs several times (finding their end, undoing,
   * redoing), so in a backup each pass read them back from disk: about a quarter of an
   * incremental's recovery time. Neo4j gives the advice only for channels whose file descriptor the
   * file system reports; this one reports none, as {@link
   * FileSystemAbstraction#INVALID_FILE_DESCRIPTOR} allows. The logs are not preallocated either
   * (see {@link #config}), so nothing else needs the descriptor.
   */
  static final class NoCacheAdvice extends DefaultFileSystemAbstraction {
    @Override
    public int getFileDescriptor(StoreChannel channel) {
      return INVALID_FILE_DESCRIPTOR;
    }

    /**
     * The channels open now: a page cache stopped by a full disk leaves some for {@link #close}.
     */
    private final Set<FullDiskFails> open = ConcurrentHashMap.newKeySet();

    @Override
    public StoreFileChannel open(Path path, Set<OpenOption> options) throws IOException {
      return track(new FullDiskFails(super.open(path, options), open));
    }

    @Override
    public StoreFileChannel write(Path path) throws IOException {
      return track(new FullDiskFails(super.write(path), open));
    }

    private FullDiskFails track(FullDiskFails channel) {
      open.add(channel);
      return channel;
    }

    @Override
    public void close() {
      for (FullDiskFails channel : List.copyOf(open)) {
        try {
          channel.close();
        } catch (IOException | RuntimeException ignored) {
          // the run already failed: its cause is reported, the descriptors must not stay open
        }
      }
      super.close();
    }
  }

  /**
   * A channel whose writes fail for good when the file system is full. Neo4j's page cache retries a
   * flush that fails with an {@link IOException} while it closes a file, without end: on a full
   * disk recovery would spin until the Job's deadline. An unchecked exception ends it, and {@link
   * #failed} names the full disk.
   */
  static final class FullDiskFails extends StoreFileChannel {
    private final Set<FullDiskFails> open;

    FullDiskFails(StoreFileChannel channel, Set<FullDiskFails> open) {
      super(channel);
      this.open = open;
    }

    @Override
    public void close() throws IOException {
      open.remove(this);
      super.close();
    }

    @Override
    public long write(ByteBuffer[] sources) throws IOException {
      try {
        return super.write(sources);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
      try {
        return super.write(sources, offset, length);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      try {
        return super.write(source);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    @Override
    public void writeAll(ByteBuffer source, long position) throws IOException {
      try {
        super.writeAll(source, position);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    @Override
    public void writeAll(ByteBuffer source) throws IOException {
      try {
        super.writeAll(source);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      try {
        super.force(metaData);
      } catch (IOException e) {
        throw fatalIfFull(e);
      }
    }

    private static IOException fatalIfFull(IOException e) {
      String message = e.getMessage();
      if (message != null
          && (message.contains("No space left on device")
              || message.contains("Disk quota exceeded"))) {
        throw new UncheckedIOException(e);
      }
      return e;
    }
  }

  static PageCache pageCache(FileSystemAbstraction fs, JobScheduler scheduler) {
    return StandalonePageCacheFactory.createPageCache(
        fs,
        scheduler,
        PageCacheTracer.NULL,
        MuninnPageCache.config(
            MemoryAllocator.createAllocator(PAGE_CACHE_BYTES, EmptyMemoryTracker.INSTANCE)));
  }

  static StoreIdentity identity(StoreId id) {
    return new StoreIdentity(
        id.getCreationTime(),
        id.getRandom(),
        id.getStorageEngineName(),
        id.getFormatName(),
        id.getMajorVersion(),
        id.getMinorVersion());
  }
}

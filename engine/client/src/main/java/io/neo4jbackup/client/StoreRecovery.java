package io.neo4jbackup.client;

import io.neo4jbackup.protocol.StoreIdentity;
import java.nio.file.Path;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.io.layout.DatabaseLayout;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.io.mem.MemoryAllocator;
import org.neo4j.io.pagecache.IOController;
import org.neo4j.io.pagecache.PageCache;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.io.pagecache.impl.muninn.MuninnPageCache;
import org.neo4j.io.pagecache.impl.muninn.StandalonePageCacheFactory;
import org.neo4j.io.pagecache.tracing.PageCacheTracer;
import org.neo4j.kernel.KernelVersion;
import org.neo4j.kernel.database.DatabaseTracers;
import org.neo4j.kernel.impl.scheduler.JobSchedulerFactory;
import org.neo4j.kernel.impl.transaction.CommittedCommandBatchRepresentation;
import org.neo4j.kernel.impl.transaction.log.LogTailMetadata;
import org.neo4j.kernel.recovery.LogTailExtractor;
import org.neo4j.kernel.recovery.Recovery;
import org.neo4j.kernel.recovery.RecoveryMonitor;
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
 */
final class StoreRecovery {
  private static final long PAGE_CACHE_BYTES = 256L * 1024 * 1024;

  private StoreRecovery() {}

  /** What a recovered store holds: its id and its last committed transaction. */
  record RecoveredStore(
      StoreIdentity storeId, long lastTxId, int lastTxChecksum, long lastAppendIndex) {}

  static RecoveredStore recover(Path dataDirectory, String database, Progress progress) {
    Config config = config(dataDirectory);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(database);
    try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction();
        JobScheduler scheduler = JobSchedulerFactory.createInitialisedScheduler();
        PageCache pageCache = pageCache(fs, scheduler)) {
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
                  () -> KernelVersion.getLatestVersion(config))
              .monitors(replayMonitor(progress)));
      StorageEngineFactory engine = StorageEngineFactory.selectStorageEngine(fs, layout, config);
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
      return new RecoveredStore(identity(storeId), last.id(), last.checksum(), last.appendIndex());
    } catch (BackupException e) {
      throw e;
    } catch (Exception e) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          "recovering the copied store failed, so the copy is not usable: " + e.getMessage(),
          e);
    }
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
        .build();
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

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.neo4j.common.DependencyResolver;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.kernel.database.Database;
import org.neo4j.kernel.impl.store.DefaultStoreSnapshotFactory;
import org.neo4j.kernel.impl.transaction.log.AppendBatchInfo;
import org.neo4j.kernel.impl.transaction.log.LogPosition;
import org.neo4j.kernel.impl.transaction.log.LogicalTransactionStore;
import org.neo4j.kernel.impl.transaction.log.checkpoint.CheckPointer;
import org.neo4j.kernel.impl.transaction.log.checkpoint.LatestCheckpointInfo;
import org.neo4j.kernel.impl.transaction.log.files.LogFiles;
import org.neo4j.storageengine.api.MetadataProvider;
import org.neo4j.storageengine.api.StoreFileMetadata;
import org.neo4j.storageengine.api.StoreId;
import org.neo4j.storageengine.api.StoreResource;
import org.neo4j.storageengine.api.StoreSnapshot;

/** One database of the server, seen through the internal components a backup reads. */
final class SourceDatabase {
  private final String name;
  private final Database database;
  private final LogFiles logFiles;
  private final MetadataProvider metadata;
  private final LogicalTransactionStore transactions;
  private final FileSystemAbstraction fs;

  SourceDatabase(String name, DependencyResolver resolver) {
    this.name = name;
    this.database = resolver.resolveDependency(Database.class);
    this.logFiles = resolver.resolveDependency(LogFiles.class);
    this.metadata = resolver.resolveDependency(MetadataProvider.class);
    this.transactions = resolver.resolveDependency(LogicalTransactionStore.class);
    this.fs = resolver.resolveDependency(FileSystemAbstraction.class);
  }

  String name() {
    return name;
  }

  StoreIdentity storeId() {
    StoreId id = database.getStoreId();
    return new StoreIdentity(
        id.getCreationTime(),
        id.getRandom(),
        id.getStorageEngineName(),
        id.getFormatName(),
        id.getMajorVersion(),
        id.getMinorVersion());
  }

  long lastCommittedTxId() {
    return metadata.getLastCommittedTransactionId();
  }

  /**
   * Pins the store: no checkpoint, hence no log pruning, until the snapshot is closed. With {@code
   * checkpoint} the database checkpoints first, so the backup carries fewer logs to replay; without
   * it the latest checkpoint is pinned as it is, exactly as for an incremental backup (the store
   * files on disk are then a crash image that recovery from that checkpoint makes consistent, the
   * same as after a forced checkpoint). Empty when the database is not available.
   */
  Optional<StoreSnapshot> snapshot(boolean checkpoint) throws IOException {
    if (checkpoint) {
      return new DefaultStoreSnapshotFactory(database, fs).createStoreSnapshot();
    }
    if (!database.getDatabaseAvailabilityGuard().isAvailable()) {
      return Optional.empty();
    }
    org.neo4j.graphdb.Resource pin = pinCheckpoints();
    try {
      LatestCheckpointInfo latest =
          database
              .getDependencyResolver()
              .resolveDependency(CheckPointer.class)
              .latestCheckPointInfo();
      return Optional.of(
          new StoreSnapshot(
              unrecoverableFiles(),
              recoverableFiles(),
              latest.highestObservedClosedTransactionId(),
              latest.appendIndex(),
              database.getStoreId(),
              pin));
    } catch (IOException | RuntimeException e) {
      pin.close();
      throw e;
    }
  }

  /** Counts, degrees, id and index files: what recovery cannot rebuild, as the listing pins it. */
  private Stream<StoreResource> unrecoverableFiles() throws IOException {
    Path directory = storeDirectory();
    return database
        .getStoreFileListing()
        .builder()
        .excludeAll()
        .includeAtomicStorageFiles()
        .includeAdditionalProviders()
        .includeSchemaIndexStoreFiles()
        .includeIdFiles()
        .build()
        .stream()
        .map(
            file ->
                new StoreResource(file.path(), directory.relativize(file.path()).toString(), fs));
  }

  /** The record stores, which recovery from the pinned checkpoint makes consistent. */
  private Path[] recoverableFiles() throws IOException {
    try (var files =
        database
            .getStoreFileListing()
            .builder()
            .excludeAll()
            .includeReplayableStorageFiles()
            .build()) {
      return files.stream().map(StoreFileMetadata::path).toArray(Path[]::new);
    }
  }

  /**
   * Pins the latest checkpoint without taking a new one: no checkpoint, hence no pruning, until
   * closed.
   */
  org.neo4j.graphdb.Resource pinCheckpoints() throws IOException {
    return database.getStoreCopyCheckPointMutex().storeCopy(() -> {});
  }

  /**
   * The batch at {@code appendIndex}: its checksum and where it ends in the transaction log; a
   * {@link RequestFailure} when the logs that held it are gone.
   */
  Batch batchAt(long appendIndex) throws IOException {
    try (var batches = transactions.getCommandBatches(appendIndex)) {
      if (!batches.next()) {
        throw pruned(appendIndex);
      }
      LogPosition after = batches.position();
      return new Batch(batches.get().checksum(), after.getLogVersion(), after.getByteOffset());
    } catch (org.neo4j.kernel.impl.transaction.log.NoSuchLogEntryException e) {
      throw pruned(appendIndex);
    }
  }

  /** A committed batch's checksum, and the log version and offset right after it. */
  record Batch(int checksum, long endVersion, long endOffset) {}

  private RequestFailure pruned(long appendIndex) {
    return new RequestFailure(
        io.neo4jbackup.protocol.ErrorCode.LOGS_PRUNED,
        "append index "
            + appendIndex
            + " is no longer in the transaction logs of database '"
            + name
            + "' (pruned after a checkpoint): an incremental backup is impossible, a full backup is needed");
  }

  Path storeDirectory() {
    return database.getDatabaseLayout().databaseDirectory();
  }

  Path transactionLogDirectory() {
    return logFiles.logFilesDirectory();
  }

  Path[] checkpointFiles() throws IOException {
    return logFiles.getCheckpointFile().getDetachedCheckpointFiles();
  }

  /** The first transaction log version that recovery from the latest checkpoint reads. */
  long firstLogVersionForRecovery() throws IOException {
    var checkpoint =
        logFiles
            .getCheckpointFile()
            .findLatestCheckpoint()
            .orElseThrow(() -> new IOException("database '" + name + "' has no checkpoint"));
    return Math.min(
        checkpoint.oldestNotVisibleTransactionLogPosition().getLogVersion(),
        checkpoint.transactionLogPosition().getLogVersion());
  }

  Path logFile(long version) {
    return logFiles.getLogFile().getLogFileForVersion(version);
  }

  /** The end of the last committed batch: a position no transaction straddles. */
  CommittedEnd committedEnd() throws IOException {
    AppendBatchInfo last = metadata.getLastCommittedBatch();
    LogPosition after = last.logPositionAfter();
    if (LogPosition.UNSPECIFIED.equals(after)) {
      try (var batches = transactions.getCommandBatches(last.appendIndex())) {
        batches.next();
        after = batches.position();
      }
    }
    return new CommittedEnd(last.appendIndex(), after.getLogVersion(), after.getByteOffset());
  }

  /**
   * Where the committed transaction log ends: batch {@code appendIndex}, at {@code offset} of
   * {@code version}.
   */
  record CommittedEnd(long appendIndex, long version, long offset) {}
}

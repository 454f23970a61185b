package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.BackupMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The record an incremental backup keeps inside the backup directory while it changes it ({@code
 * neo4j-backup.journal}). While it says TRANSFERRING only the transaction logs have grown, and a
 * later run cuts them back to where the backup ended: the earlier snapshot, exactly. Once it says
 * REPLAYING all the logs are there and recovery may have changed store files, so a later run
 * finishes the recovery instead, and checks it against what the server said the logs end with
 * ({@code lastAppendIndex}): a replay that does not end there is never made a backup.
 */
record IncrementalJournal(
    State state,
    long logVersion,
    long logOffset,
    String source,
    String member,
    String serverVersion,
    Instant startedAt,
    Long lastAppendIndex) {

  static final String FILE_NAME = BackupLayout.JOURNAL;

  enum State {
    TRANSFERRING,
    REPLAYING
  }

  static IncrementalJournal readFrom(Path backup) throws IOException {
    Path file = backup.resolve(FILE_NAME);
    return Files.exists(file)
        ? Manifest.JSON.readValue(file.toFile(), IncrementalJournal.class)
        : null;
  }

  /** The journal once every log has arrived, ending with batch {@code lastAppendIndex}. */
  IncrementalJournal replaying(long lastAppendIndex) {
    return new IncrementalJournal(
        State.REPLAYING,
        logVersion,
        logOffset,
        source,
        member,
        serverVersion,
        startedAt,
        lastAppendIndex);
  }

  /**
   * Refuses a replay, finished after its run was interrupted, that does not end where the server
   * said, or is of another store than the backup: it is not a backup to publish or restore.
   */
  void checkReplayed(StoreRecovery.RecoveredStore store, Manifest manifest, Path backup) {
    boolean otherStore = !store.storeId().sameStoreAs(manifest.storeId());
    if (otherStore || (lastAppendIndex != null && store.lastAppendIndex() != lastAppendIndex)) {
      throw new BackupException(
          io.neo4jbackup.contract.BackupFailure.TARGET,
          String.format(
              "%s was left mid-replay by an incremental run whose transaction logs %s; it cannot"
                  + " be trusted as a backup: delete it (neo4j-backup delete) and take a full"
                  + " backup",
              backup,
              otherStore
                  ? "are of store " + store.storeId() + ", not the backup's " + manifest.storeId()
                  : "end at append index "
                      + store.lastAppendIndex()
                      + ", not at "
                      + lastAppendIndex
                      + " as the server said"));
    }
  }

  TransactionLogs.End logEnd() {
    return new TransactionLogs.End(logVersion, logOffset);
  }

  void writeTo(Path backup) throws IOException {
    Path file = backup.resolve(FILE_NAME);
    Path temporary = backup.resolve(FILE_NAME + ".tmp");
    Files.write(temporary, Manifest.JSON.writeValueAsBytes(this));
    Durability.force(temporary);
    Files.move(
        temporary,
        file,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Durability.force(backup);
  }

  /**
   * Finishes or undoes what an interrupted incremental backup into {@code backup} left: cuts the
   * logs back while they were still arriving, completes recovery once they had all arrived.
   */
  static void repair(Path backup) throws IOException {
    IncrementalJournal journal = readFrom(backup);
    if (journal == null) {
      return;
    }
    Manifest manifest = Manifest.readFrom(backup);
    if (manifest == null) {
      throw new IOException(backup + " has an incremental journal but no manifest");
    }
    Path logDirectory = TransactionLogs.directory(backup, manifest.database());
    if (journal.state() == State.TRANSFERRING) {
      TransactionLogs.truncate(logDirectory, journal.logEnd());
    } else {
      StoreRecovery.RecoveredStore store =
          StoreRecovery.recover(
              backup,
              manifest.database(),
              StoreRecovery.StoreState.MAY_BE_PAST_CHECKPOINT,
              Progress.NONE);
      journal.checkReplayed(store, manifest, backup);
      TransactionLogs.End end = TransactionLogs.end(logDirectory);
      Manifest finished =
          new Manifest(
              manifest.formatVersion(),
              ToolVersion.get(),
              manifest.database(),
              store.storeId(),
              journal.source(),
              journal.member(),
              manifest.clusterName(),
              journal.serverVersion(),
              BackupMode.INCREMENTAL,
              manifest.lastTxId() + 1,
              store.lastTxId(),
              store.lastTxChecksum(),
              store.lastAppendIndex(),
              end.version(),
              end.offset(),
              journal.startedAt(),
              Instant.now(),
              0,
              0,
              null,
              manifest.verificationFailure(),
              store.lastCommitTime(),
              manifest.base(),
              manifest.chainRuns());
      finished.withRuns(OnlineBackup.append(finished.runs(), finished.thisRun())).writeTo(backup);
    }
    deleteFrom(backup);
  }

  static void deleteFrom(Path backup) throws IOException {
    Files.deleteIfExists(backup.resolve(FILE_NAME));
    Durability.force(backup);
  }
}

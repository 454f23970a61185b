package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.neo4j.configuration.Config;
import org.neo4j.internal.recordstorage.RecordStorageCommandReaderFactory;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.fs.FileSystemAbstraction;
import org.neo4j.io.layout.DatabaseLayout;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.kernel.impl.transaction.CommittedCommandBatchRepresentation;
import org.neo4j.kernel.impl.transaction.log.CommandBatchCursor;
import org.neo4j.kernel.impl.transaction.log.LogPosition;
import org.neo4j.kernel.impl.transaction.log.ReadOnlyTransactionStore;
import org.neo4j.monitoring.Monitors;

/**
 * Reads the commits in a chain's transaction logs, after its base, without changing a byte (the
 * chain may be on a read-only mount): which transaction a restore point is, and in which log file
 * it ends.
 */
final class ChainLogs {
  private ChainLogs() {}

  /** A committed transaction: its id, its commit time on the source, the log file it is in. */
  record Commit(long txId, Instant time, long logVersion) {}

  /**
   * Transaction {@code txId} of the chain in {@code backup}, whose window {@code manifest} gives.
   */
  static Commit transaction(Path backup, Manifest manifest, long txId) {
    Manifest.Base base = manifest.base();
    if (txId == base.txId()) {
      return new Commit(base.txId(), base.commitTime(), base.logVersion());
    }
    Commit found = scan(backup, manifest, commit -> commit.txId() >= txId);
    if (found == null || found.txId() != txId) {
      throw missing(backup, manifest, "transaction " + txId);
    }
    return found;
  }

  /**
   * The last transaction committed at or before {@code instant}: the one before the first whose
   * commit time is after it. Commit times follow the source's clock, which may step back, so they
   * are not always in transaction order; this reads them in the order the source committed.
   */
  static Commit lastCommittedAtOrBefore(Path backup, Manifest manifest, Instant instant) {
    Manifest.Base base = manifest.base();
    Commit[] last = {new Commit(base.txId(), base.commitTime(), base.logVersion())};
    Commit after =
        scan(
            backup,
            manifest,
            commit -> {
              if (commit.time().isAfter(instant)) {
                return true;
              }
              last[0] = commit;
              return false;
            });
    if (after == null && last[0].txId() != manifest.lastTxId()) {
      throw missing(backup, manifest, "the transactions up to " + manifest.lastTxId());
    }
    return last[0];
  }

  /**
   * Reads the commits after the base, up to the manifest's last transaction, until {@code stop}
   * says so; returns the commit it stopped at, or null when it read them all.
   */
  private static Commit scan(
      Path backup, Manifest manifest, java.util.function.Predicate<Commit> stop) {
    Manifest.Base base = manifest.base();
    Config config = StoreRecovery.config(backup);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(manifest.database());
    try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
      ReadOnlyTransactionStore logs =
          new ReadOnlyTransactionStore(
              fs, layout, config, new Monitors(), RecordStorageCommandReaderFactory.INSTANCE);
      try (CommandBatchCursor batches =
          logs.getCommandBatches(new LogPosition(base.logVersion(), base.logOffset()))) {
        while (batches.next()) {
          CommittedCommandBatchRepresentation batch = batches.get();
          if (batch.txId() > manifest.lastTxId()) {
            return null;
          }
          Commit commit =
              new Commit(
                  batch.txId(),
                  Instant.ofEpochMilli(batch.timeWritten()),
                  batches.position().getLogVersion());
          if (stop.test(commit)) {
            return commit;
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET,
          "the transaction logs of " + backup + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  private static BackupException missing(Path backup, Manifest manifest, String what) {
    return new BackupException(
        BackupFailure.TARGET,
        String.format(
            "the transaction logs of %s do not hold %s, though its manifest says the chain"
                + " restores %s: the chain was changed since it was made",
            backup, what, manifest.window().describe()));
  }
}

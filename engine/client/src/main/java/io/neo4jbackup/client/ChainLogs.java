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
    Commit[] base = {null};
    Commit found = scan(backup, manifest, base, commit -> commit.txId() >= txId);
    if (txId == manifest.base().txId()) {
      return base[0];
    }
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
    Commit[] base = {null};
    Commit[] last = {null};
    Commit after =
        scan(
            backup,
            manifest,
            base,
            commit -> {
              if (commit.time().isAfter(instant)) {
                return true;
              }
              last[0] = commit;
              return false;
            });
    Commit found = last[0] == null ? base[0] : last[0];
    if (after == null && found.txId() != manifest.lastTxId()) {
      throw missing(backup, manifest, "the transactions up to " + manifest.lastTxId());
    }
    return found;
  }

  /**
   * Reads the commits after the base's, up to the manifest's last transaction, until {@code stop}
   * says so; returns the commit it stopped at, or null when it read them all. The logs are read
   * from where recovery of the base starts, its checkpoint; the commits up to the base's own
   * transaction are not tested, and {@code base[0]} is set to the base's transaction with the log
   * it ends in (the checkpoint's log when it is before the checkpoint, as in a base that was
   * recovered).
   */
  private static Commit scan(
      Path backup, Manifest manifest, Commit[] base, java.util.function.Predicate<Commit> stop) {
    Manifest.Base start = manifest.base();
    base[0] = new Commit(start.txId(), start.commitTime(), start.logVersion());
    Config config = StoreRecovery.config(backup);
    DatabaseLayout layout = Neo4jLayout.of(config).databaseLayout(manifest.database());
    try (FileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
      ReadOnlyTransactionStore logs =
          new ReadOnlyTransactionStore(
              fs, layout, config, new Monitors(), RecordStorageCommandReaderFactory.INSTANCE);
      try (CommandBatchCursor batches =
          logs.getCommandBatches(new LogPosition(start.logVersion(), start.logOffset()))) {
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
          if (commit.txId() == start.txId()) {
            base[0] = new Commit(start.txId(), start.commitTime(), commit.logVersion());
          }
          if (commit.txId() > start.txId() && stop.test(commit)) {
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

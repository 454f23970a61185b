package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A chain's base ({@code base/} in the backup): its full backup's store with the checkpoint files
 * recovery starts it from, kept unchanged while incrementals move the newest state on. With the
 * chain's logs, which are only ever appended to, from that checkpoint's log on, Neo4j's recovery
 * rebuilds the database as it was after any transaction since the full backup.
 *
 * <p>A full backup writes the base's store as its bytes arrive, beside the store it recovers (see
 * {@link FullBackupReceiver}): the copy the server sent, taken without locks, and the checkpoint it
 * was pinned at ({@link #keepCheckpoints}). Recovering it is exactly what the full backup itself
 * did. Chains written before kept the recovered store instead ({@link #snapshot}), whose checkpoint
 * stands at the full backup's last transaction; the same recovery restores both.
 */
final class ChainBase {
  private ChainBase() {}

  static Path storeDirectory(Path backup, String database) {
    return backup.resolve(BackupLayout.BASE).resolve(BackupLayout.DATABASES).resolve(database);
  }

  static Path checkpointDirectory(Path backup, String database) {
    return backup.resolve(BackupLayout.BASE).resolve(BackupLayout.TRANSACTIONS).resolve(database);
  }

  /**
   * Keeps the files beside the transaction logs of the full backup in {@code backup} (the
   * checkpoints) as the base's: called after the transfer and before recovery, which starts from
   * the newest checkpoint in them, so that recovering the base starts from the same one. A newer
   * checkpoint with the base's older store would skip the transactions in between.
   */
  static void keepCheckpoints(Path backup, String database) throws IOException {
    Path checkpoints = checkpointDirectory(backup, database);
    Durability.createDirectories(checkpoints);
    for (Path file : list(TransactionLogs.directory(backup, database))) {
      if (!isTransactionLog(file) && Files.isRegularFile(file)) {
        Path copy = checkpoints.resolve(file.getFileName().toString());
        Files.copy(file, copy);
        Durability.force(copy);
      }
    }
    Durability.force(checkpoints);
  }

  /**
   * Keeps the recovered full backup in {@code backup} as the chain's base instead of the copy as it
   * arrived: its store, and the files beside its transaction logs (the checkpoints); not the logs,
   * which the chain keeps. What chains written before kept, and the fallback where the copy's
   * checkpoint cannot be the base's start (see {@link OnlineBackup}).
   */
  static void snapshot(Path backup, String database) throws IOException {
    BackupDirectory.deleteRecursively(backup.resolve(BackupLayout.BASE));
    Durability.createDirectories(storeDirectory(backup, database).getParent());
    TreeCopy.copy(
        backup.resolve(BackupLayout.DATABASES).resolve(database), storeDirectory(backup, database));
    keepCheckpoints(backup, database);
  }

  /**
   * Copies the base of the chain in {@code backup} into {@code storeCopy} and {@code logCopy}, with
   * the chain's transaction logs from the one its checkpoint points into to version {@code
   * lastVersion}: what recovery needs to bring the base up to a transaction in that log.
   */
  static void copyUpTo(
      Path backup, Manifest manifest, long lastVersion, Path storeCopy, Path logCopy)
      throws IOException {
    String database = manifest.database();
    TreeCopy.copy(storeDirectory(backup, database), storeCopy);
    TreeCopy.copy(checkpointDirectory(backup, database), logCopy);
    Path logs = TransactionLogs.directory(backup, database);
    for (long version = manifest.base().logVersion(); version <= lastVersion; version++) {
      Path copy = TransactionLogs.file(logCopy, version);
      Files.copy(TransactionLogs.file(logs, version), copy);
      Durability.force(copy);
    }
    Durability.force(logCopy);
  }

  private static boolean isTransactionLog(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(TransactionLogs.PREFIX)
        && name.substring(TransactionLogs.PREFIX.length()).matches("[0-9]+");
  }

  private static java.util.List<Path> list(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    }
  }
}

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A chain's base ({@code base/} in the backup): its full backup's store as recovery left it, with
 * the checkpoint files that say where it stands, kept unchanged while incrementals move the newest
 * state on. With the chain's logs, which are only ever appended to, it rebuilds the database as it
 * was after any transaction since the full backup. It costs one copy of the store.
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
   * Keeps the recovered full backup in {@code backup} as the chain's base: its store, and the files
   * beside its transaction logs (the checkpoints); not the logs, which the chain keeps.
   */
  static void snapshot(Path backup, String database) throws IOException {
    TreeCopy.copy(
        backup.resolve(BackupLayout.DATABASES).resolve(database), storeDirectory(backup, database));
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
   * Copies the base of the chain in {@code backup} into {@code storeCopy} and {@code logCopy}, with
   * the chain's transaction logs from the base's to version {@code lastVersion}: what recovery
   * needs to bring the base up to a transaction in that log.
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

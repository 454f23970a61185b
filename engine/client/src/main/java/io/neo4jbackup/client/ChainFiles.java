package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files that make a chain where it is kept apart from a backup directory (object storage): its
 * base and its transaction logs, which are never rewritten, and its manifest. The newest store is
 * not among them; {@link #rebuildNewestState} makes it again from the base and the logs.
 */
public final class ChainFiles {
  private ChainFiles() {}

  /**
   * The base's files and the chain's transaction logs in the backup {@code backup}, relative to it,
   * in a stable order; not the manifest, which a copy writes last.
   */
  public static List<Path> immutableFiles(Path backup, Manifest manifest) throws IOException {
    if (manifest.base() == null) {
      throw new BackupException(
          BackupFailure.USAGE,
          backup
              + " is a backup of format "
              + manifest.formatVersion()
              + " without a base: only a chain (format 2) can be copied to object storage");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(backup.resolve(BackupLayout.BASE))) {
      paths.filter(Files::isRegularFile).map(backup::relativize).sorted().forEach(files::add);
    }
    try (Stream<Path> paths = Files.list(TransactionLogs.directory(backup, manifest.database()))) {
      paths
          .filter(ChainFiles::isTransactionLog)
          .map(backup::relativize)
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  /**
   * Turns {@code backup}, holding a chain's manifest, base and logs only, into a complete backup
   * directory: the base's store and checkpoint files copied into place, then Neo4j's recovery from
   * the base's checkpoint up to the manifest's last transaction.
   */
  public static void rebuildNewestState(Path backup, Progress progress) throws IOException {
    Manifest manifest = Manifest.readFrom(backup);
    if (manifest == null || manifest.base() == null) {
      throw new BackupException(
          BackupFailure.TARGET, backup + " holds no chain manifest with a base to rebuild from");
    }
    String database = manifest.database();
    Path store = backup.resolve(BackupLayout.DATABASES).resolve(database);
    Path logs = TransactionLogs.directory(backup, database);
    TreeCopy.copy(ChainBase.storeDirectory(backup, database), store);
    Durability.createDirectories(logs);
    try (Stream<Path> checkpoints = Files.list(ChainBase.checkpointDirectory(backup, database))) {
      for (Path file : (Iterable<Path>) checkpoints::iterator) {
        Path copy = logs.resolve(file.getFileName().toString());
        Files.copy(file, copy);
        Durability.force(copy);
      }
    }
    Durability.force(logs);
    // Also when the chain holds no transaction after its full backup's: the base may be the store
    // as the full backup copied it, before its recovery.
    StoreRecovery.recoverUntil(backup, database, manifest.lastTxId(), progress);
  }

  private static boolean isTransactionLog(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(TransactionLogs.PREFIX)
        && name.substring(TransactionLogs.PREFIX.length()).matches("[0-9]+");
  }
}

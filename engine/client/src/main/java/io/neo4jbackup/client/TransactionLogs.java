package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The transaction log files of a backup ({@code transactions/<db>/neostore.transaction.db.N}, the
 * names Neo4j 5 uses): where they end, and cutting them back there.
 */
final class TransactionLogs {
  static final String PREFIX = "neostore.transaction.db.";

  private TransactionLogs() {}

  /** Where a log ends: {@code offset} bytes into version {@code version}. */
  record End(long version, long offset) {}

  static Path directory(Path dataDirectory, String database) {
    return dataDirectory.resolve(BackupLayout.TRANSACTIONS).resolve(database);
  }

  static Path file(Path logDirectory, long version) {
    return logDirectory.resolve(PREFIX + version);
  }

  /**
   * Whether {@code file} is a sealed log of the logs in {@code logDirectory} that end at {@code
   * end}: older than the last two logs, so nothing writes it again. An incremental appends to the
   * last log or starts newer ones, and cutting back after a failure cuts the last one and deletes
   * newer ones. Neo4j's recovery truncates, appends rollback records to and deletes logs only from
   * the position it recovered to on, which is never before the checkpoint it started from: the
   * position after the backup's last transaction, in the last log or, when the server had just
   * rotated its log and the last one holds only its header, in the one before it.
   */
  static boolean sealed(Path file, Path logDirectory, End end) {
    String name = file.getFileName().toString();
    return logDirectory.equals(file.getParent())
        && name.startsWith(PREFIX)
        && name.substring(PREFIX.length()).matches("[0-9]{1,18}")
        && Long.parseLong(name.substring(PREFIX.length())) < end.version() - 1;
  }

  /** The highest log version and its length. */
  static End end(Path logDirectory) throws IOException {
    long highest = -1;
    try (Stream<Path> files = Files.list(logDirectory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith(PREFIX) && name.substring(PREFIX.length()).matches("[0-9]+")) {
          highest = Math.max(highest, Long.parseLong(name.substring(PREFIX.length())));
        }
      }
    }
    if (highest < 0) {
      throw new IOException("no transaction log in " + logDirectory);
    }
    return new End(highest, Files.size(file(logDirectory, highest)));
  }

  /**
   * Cuts the logs back to {@code end}: later versions deleted, version {@code end.version()}
   * truncated.
   */
  static void truncate(Path logDirectory, End end) throws IOException {
    try (Stream<Path> files = Files.list(logDirectory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith(PREFIX)
            && name.substring(PREFIX.length()).matches("[0-9]+")
            && Long.parseLong(name.substring(PREFIX.length())) > end.version()) {
          Files.delete(file);
        }
      }
    }
    try (FileChannel channel =
        FileChannel.open(file(logDirectory, end.version()), StandardOpenOption.WRITE)) {
      channel.truncate(end.offset());
      channel.force(true);
    }
    Durability.force(logDirectory);
  }
}

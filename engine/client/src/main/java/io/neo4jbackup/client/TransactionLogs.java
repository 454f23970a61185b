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

package io.neo4jbackup.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * Boots a backup as it is, read-only, with an embedded Neo4j whose data directory links to the
 * backup's database and transaction log folders, and reads the writer's chain back.
 */
public final class BackupInspector {
  private BackupInspector() {}

  /** The chain nodes a database holds: how many, and the smallest and largest n. */
  public record Chain(long count, long min, long max, long distinct) {
    /** True when the nodes are exactly 1..max, each once. */
    public boolean contiguous() {
      return count == 0 || (min == 1 && max == count && distinct == count);
    }
  }

  public static Chain readChain(Path backup, String database, Path scratch) {
    Path data = scratch.resolve("data");
    try {
      Files.createDirectories(data.resolve("databases"));
      Files.createDirectories(data.resolve("transactions"));
      Files.createSymbolicLink(
          data.resolve("databases").resolve(database),
          backup.resolve("databases").resolve(database).toAbsolutePath());
      Files.createSymbolicLink(
          data.resolve("transactions").resolve(database),
          backup.resolve("transactions").resolve(database).toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(scratch)
            .setConfig(GraphDatabaseSettings.data_directory, data)
            .setConfig(GraphDatabaseSettings.initial_default_database, database)
            .setConfig(GraphDatabaseSettings.read_only_databases, Set.of(database))
            .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
            .build();
    try {
      GraphDatabaseService db = dbms.database(database);
      try (Transaction tx = db.beginTx()) {
        Map<String, Object> row =
            tx.execute(
                    "MATCH (c:Chain) RETURN count(c) AS count, min(c.n) AS min, max(c.n) AS max, count(DISTINCT c.n) AS distinct")
                .next();
        return new Chain(
            (Long) row.get("count"),
            orZero(row.get("min")),
            orZero(row.get("max")),
            (Long) row.get("distinct"));
      }
    } finally {
      dbms.shutdown();
    }
  }

  private static long orZero(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}

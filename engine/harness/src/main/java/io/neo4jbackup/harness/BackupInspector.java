package io.neo4jbackup.harness;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * Boots a copy of a backup, unchanged, as a read-only database of an embedded Neo4j, and reads the
 * writer's chain back. A copy, because Neo4j writes id files and a shutdown checkpoint even for a
 * read-only database, and the backup itself must stay as the tool made it.
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
    return read(
        backup,
        database,
        scratch,
        tx -> {
          Map<String, Object> row =
              tx.execute(
                      "MATCH (c:Chain) RETURN count(c) AS count, min(c.n) AS min, max(c.n) AS max, count(DISTINCT c.n) AS distinct")
                  .next();
          return new Chain(
              (Long) row.get("count"),
              orZero(row.get("min")),
              orZero(row.get("max")),
              (Long) row.get("distinct"));
        });
  }

  /**
   * What {@code query} reads, in one transaction, from a read-only boot of a copy of the backup.
   */
  public static <T> T read(
      Path backup, String database, Path scratch, Function<Transaction, T> query) {
    Path data = scratch.resolve("data");
    Directories.copy(
        backup.resolve("databases").resolve(database), data.resolve("databases").resolve(database));
    Directories.copy(
        backup.resolve("transactions").resolve(database),
        data.resolve("transactions").resolve(database));
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
        return query.apply(tx);
      }
    } finally {
      dbms.shutdown();
    }
  }

  private static long orZero(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}

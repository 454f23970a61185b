package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import java.util.List;
import java.util.Locale;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseNotFoundException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Finds the databases this server serves backups of, by name as Neo4j matches names (ignoring
 * case): those listed in {@code server.online_backup.databases}, or every database but {@code
 * system} when none is listed. A database it does not serve is refused as if it did not exist; only
 * an authenticated client is told which databases are served.
 */
final class Databases {
  private static final String SYSTEM = "system";

  private final DatabaseManagementService dbms;
  private final List<String> listed;

  /** The databases of {@code dbms} named in {@code listed}; all but {@code system} when empty. */
  Databases(DatabaseManagementService dbms, List<String> listed) {
    this.dbms = dbms;
    this.listed = listed.stream().map(Databases::normalise).toList();
  }

  /** A database name as Neo4j compares it. */
  static String normalise(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether backups of database {@code name} (normalised) may be served at all. */
  boolean serves(String name) {
    return listed.isEmpty() ? !name.equals(SYSTEM) : listed.contains(name);
  }

  /**
   * The available database named {@code requested}, or a {@link RequestFailure} saying why not. The
   * refusal lists the databases served only to an {@code authenticated} client.
   */
  SourceDatabase get(String requested, boolean authenticated) {
    String name = normalise(requested);
    GraphDatabaseAPI database = null;
    if (serves(name)) {
      try {
        database = (GraphDatabaseAPI) dbms.database(name);
      } catch (DatabaseNotFoundException e) {
        // refused below, as a database this service does not serve
      }
    }
    if (database == null) {
      throw new RequestFailure(
          ErrorCode.DATABASE_NOT_FOUND,
          "database '"
              + name
              + "' is not served by this backup service"
              + (authenticated ? " (server.online_backup.databases); it serves " + served() : ""));
    }
    if (!database.isAvailable()) {
      throw new RequestFailure(
          ErrorCode.DATABASE_UNAVAILABLE,
          "database '" + name + "' is not available (stopped, starting or failed); retry later");
    }
    return new SourceDatabase(name, database.getDependencyResolver());
  }

  private List<String> served() {
    return dbms.listDatabases().stream().map(Databases::normalise).filter(this::serves).toList();
  }
}

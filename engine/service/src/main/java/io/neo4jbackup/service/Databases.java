package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseNotFoundException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/** Finds the databases of the running server by name. */
final class Databases {
  private final DatabaseManagementService dbms;

  Databases(DatabaseManagementService dbms) {
    this.dbms = dbms;
  }

  /** The available database named {@code name}, or a {@link RequestFailure} saying why not. */
  SourceDatabase get(String name) {
    GraphDatabaseAPI database;
    try {
      database = (GraphDatabaseAPI) dbms.database(name);
    } catch (DatabaseNotFoundException e) {
      throw new RequestFailure(
          ErrorCode.DATABASE_NOT_FOUND,
          "database '" + name + "' does not exist on this server; it has " + dbms.listDatabases());
    }
    if (!database.isAvailable()) {
      throw new RequestFailure(
          ErrorCode.DATABASE_UNAVAILABLE,
          "database '" + name + "' is not available (stopped or starting)");
    }
    return new SourceDatabase(name, database.getDependencyResolver());
  }
}

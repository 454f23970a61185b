package io.neo4jbackup.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseNotFoundException;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/** Which databases the service serves, and what a refused client is told. */
class DatabasesTest {
  /** A server with databases {@code neo4j}, {@code sales}, {@code system}; {@code down} stopped. */
  static DatabaseManagementService dbms() {
    Set<String> names = Set.of("neo4j", "sales", "system", "down");
    return (DatabaseManagementService)
        Proxy.newProxyInstance(
            DatabasesTest.class.getClassLoader(),
            new Class<?>[] {DatabaseManagementService.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "listDatabases" -> List.of("neo4j", "sales", "system", "down");
                  case "database" -> {
                    String name = (String) args[0];
                    if (!names.contains(name)) {
                      throw new DatabaseNotFoundException(name);
                    }
                    yield database(!name.equals("down"));
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  static GraphDatabaseAPI database(boolean available) {
    return (GraphDatabaseAPI)
        Proxy.newProxyInstance(
            DatabasesTest.class.getClassLoader(),
            new Class<?>[] {GraphDatabaseAPI.class},
            (proxy, method, args) -> {
              if (method.getName().equals("isAvailable")) {
                return available;
              }
              // the test never reaches a database it may serve
              throw new UnsupportedOperationException(method.getName());
            });
  }

  static Message.Error refusal(Databases databases, String name, boolean authenticated) {
    try {
      databases.get(name, authenticated);
    } catch (RequestFailure e) {
      return e.toMessage();
    }
    throw new AssertionError(name + " was served");
  }

  @Test
  void byDefaultEveryDatabaseButSystemIsServed() {
    Databases databases = new Databases(dbms(), List.of());
    assertThat(databases.serves("neo4j")).isTrue();
    assertThat(databases.serves("sales")).isTrue();
    assertThat(databases.serves("system")).isFalse();
  }

  @Test
  void systemIsServedOnlyWhenListed() {
    Databases databases = new Databases(dbms(), List.of("neo4j", "System"));
    assertThat(databases.serves("system")).isTrue();
    assertThat(databases.serves("neo4j")).isTrue();
    assertThat(databases.serves("sales")).isFalse();
  }

  @Test
  void anUnauthenticatedClientIsNotToldWhichDatabasesExist() {
    Databases databases = new Databases(dbms(), List.of());
    for (String name : List.of("system", "missing")) {
      Message.Error error = refusal(databases, name, false);
      assertThat(error.code()).isEqualTo(ErrorCode.DATABASE_NOT_FOUND);
      assertThat(error.message())
          .isEqualTo("database '" + name + "' is not served by this backup service");
    }
  }

  @Test
  void anAuthenticatedClientIsToldWhichDatabasesAreServed() {
    Databases databases = new Databases(dbms(), List.of());
    assertThat(refusal(databases, "system", true).message())
        .isEqualTo(
            "database 'system' is not served by this backup service"
                + " (server.online_backup.databases); it serves [neo4j, sales, down]");
  }

  @Test
  void namesAreMatchedAsNeo4jMatchesThemIgnoringCase() {
    Databases databases = new Databases(dbms(), List.of("SALES"));
    assertThat(refusal(databases, "Neo4j", true).message())
        .startsWith("database 'neo4j' is not served")
        .endsWith("it serves [sales]");
    assertThatThrownBy(() -> databases.get("Sales", false))
        .isInstanceOf(UnsupportedOperationException.class); // found: it went on to open it
  }

  @Test
  void aStoppedDatabaseIsUnavailableNotMissing() {
    Message.Error error = refusal(new Databases(dbms(), List.of()), "down", false);
    assertThat(error.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(error.message()).contains("not available");
  }
}

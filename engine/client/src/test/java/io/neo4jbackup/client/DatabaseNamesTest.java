package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Database names as Neo4j 5 matches them. */
class DatabaseNamesTest {
  @Test
  void namesAreLowerCasedAsNeo4jStoresThem() {
    assertThat(DatabaseNames.normalise("Neo4j")).isEqualTo("neo4j");
    assertThat(DatabaseNames.normalise("SALES.eu-1")).isEqualTo("sales.eu-1");
    assertThat(DatabaseNames.normalise(" system ")).isEqualTo("system");
    assertThat(DatabaseNames.same("Neo4j", "neo4J")).isTrue();
    assertThat(DatabaseNames.same("neo4j", "neo4j2")).isFalse();
  }

  @Test
  void aNameNoNeo4jDatabaseCanHaveIsRefusedBeforeAnythingIsSent() {
    for (String name : List.of("ab", "1abc", "sales_eu", "a".repeat(64), "caf\u00e9", "-abc")) {
      assertThatThrownBy(() -> DatabaseNames.normalise(name))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
          .hasMessageContaining("is not a Neo4j database name: 3 to 63 ASCII letters");
    }
    assertThatThrownBy(() -> DatabaseNames.normalise("  "))
        .hasMessage("the database name is empty");
  }
}

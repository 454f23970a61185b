package io.neo4jbackup.contract;

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
  void aNameNoNeo4jDatabaseCanHaveIsRefusedSayingWhy() {
    for (String name : List.of("ab", "1abc", "sales_eu", "a".repeat(64), "caf\u00e9", "-abc")) {
      assertThatThrownBy(() -> DatabaseNames.normalise(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("'" + name + "' is not a Neo4j database name: ");
    }
    assertThatThrownBy(() -> DatabaseNames.normalise("systemx"))
        .hasMessageContaining("no name but system itself may start with 'system'");
    assertThatThrownBy(() -> DatabaseNames.normalise("  "))
        .hasMessage("the database name is empty");
  }
}

package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which hosts in a schedule's {@code from} name the Neo4j of StatefulSet {@code graph}. */
class SchedulesOfNeo4jTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "graph, true",
    "graph-admin, true",
    "graph-backup, true",
    "graph.graph, true",
    "graph.graph.svc.cluster.local, true",
    "graph-0.graph-headless.graph.svc.cluster.local, true",
    "graph.other, false",
    "graph-backup.other.svc.cluster.local, false",
    "graphite, false",
    "other-graph, false",
    "10.0.0.7, false",
  })
  void aHostNamesTheStatefulSetsNeo4jWhenItsFirstLabelIsOrStartsWithItsNameInTheNamespace(
      String host, boolean matches) {
    assertThat(SchedulesOfNeo4j.namesNeo4j(host, "graph", "graph")).isEqualTo(matches);
  }
}

package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json turns a mistyped, misspelt or impossible value into an error that names it,
 * before anything reaches the cluster.
 */
class ValuesSchemaTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          watchNamespace            | team-a           | additional properties 'watchNamespace' not allowed
          watchNamespaces[0]        | Team_A           | at '/watchNamespaces/0'
          watchNamespaces           | team-a           | at '/watchNamespaces'
          image.repository          | ''               | at '/image/repository'
          image.repository          | ops/operator:1.0 | at '/image/repository'
          image.pullPolicy          | Sometimes        | at '/image/pullPolicy'
          engine.image.digest       | latest           | at '/engine/image/digest'
          engine.image.tag          | 'a b'            | at '/engine/image/tag'
          engine.image.registry     | quay.io          | additional properties 'registry' not allowed
          engine.serviceAccountName | Backup_Runner    | at '/engine/serviceAccountName'
          engine.podSecurityContext | privileged       | at '/engine/podSecurityContext'
          engine.serviceAccount     | runner           | additional properties 'serviceAccount' not allowed
          clusterDomain             | .local           | at '/clusterDomain'
          metrics.port              | 0                | at '/metrics/port'
          metrics.service.port      | 70000            | at '/metrics/service/port'
          metrics.serviceMonitor.interval | thirty     | at '/metrics/serviceMonitor/interval'
          rbac.create               | yes please       | at '/rbac/create'
          crds.create               | yes please       | at '/crds/create'
          crds.keep                 | false            | additional properties 'keep' not allowed
          probes.liveness.periodSeconds | 0            | at '/probes/liveness/periodSeconds'
          resources.limit.memory    | 1Gi              | invalid propertyName 'limit'
          """)
  void rejects(String key, String value, String error) {
    assertThatThrownBy(() -> Chart.render(Map.of(key, value)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(error);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          image.repository          | registry.example.com:5000/team/neo4j-backup-operator
          image.repository          | localhost:5000/neo4j-backup-operator
          engine.image.tag          | 0.1.0-rc.1_build7
          engine.serviceAccountName | neo4j-backup
          clusterDomain             | corp.example
          watchNamespaces[0]        | neo4j-prod
          metrics.port              | 65535
          metrics.serviceMonitor.interval | 1m30s
          resources.limits.memory   | 1Gi
          """)
  void accepts(String key, String value) {
    assertThat(Chart.render(Map.of(key, value)).deployment()).isNotNull();
  }
}

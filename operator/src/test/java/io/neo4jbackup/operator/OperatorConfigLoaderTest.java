package io.neo4jbackup.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.operator.OperatorConfigLoader.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigLoaderTest {

  @TempDir Path directory;

  @Test
  void theEngineImageAloneIsEnoughAndTheRestHasDefaults() {
    OperatorConfig config = OperatorConfigLoader.load(Map.of("ENGINE_IMAGE", "local/engine:1"));

    assertThat(config)
        .isEqualTo(new OperatorConfig("local/engine:1", null, Set.of(), "cluster.local", 8080));
    assertThat(config.watchesAllNamespaces()).isTrue();
  }

  @Test
  void readsEveryVariable() {
    OperatorConfig config =
        OperatorConfigLoader.load(
            Map.of(
                "ENGINE_IMAGE", "local/engine:1",
                "ENGINE_IMAGE_PULL_POLICY", "Never",
                "WATCH_NAMESPACES", " graph, prod ,,",
                "CLUSTER_DOMAIN", "k8s.example",
                "METRICS_PORT", "9090"));

    assertThat(config)
        .isEqualTo(
            new OperatorConfig(
                "local/engine:1", "Never", Set.of("graph", "prod"), "k8s.example", 9090));
  }

  @Test
  void readsTheFileAndTheEnvironmentWins() throws IOException {
    Path file =
        write(
            """
            engineImage: from-file/engine:1
            engineImagePullPolicy: IfNotPresent
            watchNamespaces: [graph, prod]
            clusterDomain: file.example
            metricsPort: 9100
            """);

    OperatorConfig fromFile =
        OperatorConfigLoader.load(Map.of("OPERATOR_CONFIG_FILE", file.toString()));
    OperatorConfig overridden =
        OperatorConfigLoader.load(
            Map.of(
                "OPERATOR_CONFIG_FILE", file.toString(),
                "ENGINE_IMAGE", "from-env/engine:2",
                "WATCH_NAMESPACES", "other"));

    assertThat(fromFile)
        .isEqualTo(
            new OperatorConfig(
                "from-file/engine:1",
                "IfNotPresent",
                Set.of("graph", "prod"),
                "file.example",
                9100));
    assertThat(overridden)
        .isEqualTo(
            new OperatorConfig(
                "from-env/engine:2", "IfNotPresent", Set.of("other"), "file.example", 9100));
  }

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ENGINE_IMAGE             | ''              | ENGINE_IMAGE is not set
          ENGINE_IMAGE_PULL_POLICY | sometimes       | ENGINE_IMAGE_PULL_POLICY 'sometimes' is none of Always, IfNotPresent, Never
          METRICS_PORT             | http            | METRICS_PORT 'http' is not a port number
          METRICS_PORT             | 70000           | the metrics port 70000 is outside 1-65535
          WATCH_NAMESPACES         | graph,Prod      | the watched namespace 'Prod' is not a namespace name
          CLUSTER_DOMAIN           | cluster..local  | the cluster domain 'cluster..local' is not a DNS name
          OPERATOR_CONFIG_FILE     | /no/such/file   | OPERATOR_CONFIG_FILE names /no/such/file, which does not exist
          """)
  void aBadSettingIsRefusedNamingIt(String variable, String value, String message) {
    Map<String, String> environment =
        variable.equals("ENGINE_IMAGE")
            ? Map.of(variable, value)
            : Map.of("ENGINE_IMAGE", "local/engine:1", variable, value);

    assertThatThrownBy(() -> OperatorConfigLoader.load(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anUnknownKeyInTheFileIsRefusedNamingTheKnownOnes() throws IOException {
    Path file = write("engineImage: local/engine:1\nwatchNamespace: graph\n");

    assertThatThrownBy(
            () -> OperatorConfigLoader.load(Map.of("OPERATOR_CONFIG_FILE", file.toString())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("unknown key 'watchNamespace'")
        .hasMessageContaining("watchNamespaces");
  }

  @Test
  void aFileOfTheWrongShapeIsRefused() throws IOException {
    Path file = write("engineImage: local/engine:1\nmetricsPort: [1, 2]\n");

    assertThatThrownBy(
            () -> OperatorConfigLoader.load(Map.of("OPERATOR_CONFIG_FILE", file.toString())))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("is not a valid configuration");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(directory.resolve("operator.yaml"), yaml);
  }
}

package io.neo4jbackup.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.neo4jbackup.operator.OperatorConfigLoader.InvalidConfigurationException;
import io.neo4jbackup.operator.job.SecurityDefaults;
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
        .isEqualTo(
            new OperatorConfig(
                "local/engine:1", null, null, null, null, Set.of(), "cluster.local", 8080));
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.engineServiceAccount()).isNull();
    assertThat(config.enginePodSecurityContext()).isEqualTo(SecurityDefaults.pod());
    assertThat(config.engineSecurityContext()).isEqualTo(SecurityDefaults.container());
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
                "METRICS_PORT", "9090",
                "ENGINE_SERVICE_ACCOUNT", "neo4j-backup",
                "ENGINE_POD_SECURITY_CONTEXT", "{\"runAsNonRoot\":true,\"fsGroup\":1000}",
                "ENGINE_SECURITY_CONTEXT", "{\"readOnlyRootFilesystem\":true}"));

    assertThat(config)
        .isEqualTo(
            new OperatorConfig(
                "local/engine:1",
                "Never",
                "neo4j-backup",
                new PodSecurityContextBuilder().withRunAsNonRoot(true).withFsGroup(1000L).build(),
                new SecurityContextBuilder().withReadOnlyRootFilesystem(true).build(),
                Set.of("graph", "prod"),
                "k8s.example",
                9090));
  }

  @Test
  void readsTheFileAndTheEnvironmentWins() throws IOException {
    Path file =
        write(
            """
            engineImage: from-file/engine:1
            engineImagePullPolicy: IfNotPresent
            engineServiceAccount: backups
            enginePodSecurityContext:
              runAsNonRoot: true
              runAsUser: 1000
            engineSecurityContext:
              capabilities: {drop: [ALL]}
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

    PodSecurityContext podContext =
        new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(1000L).build();
    SecurityContext containerContext =
        new SecurityContextBuilder()
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .build();
    assertThat(fromFile)
        .isEqualTo(
            new OperatorConfig(
                "from-file/engine:1",
                "IfNotPresent",
                "backups",
                podContext,
                containerContext,
                Set.of("graph", "prod"),
                "file.example",
                9100));
    assertThat(overridden)
        .isEqualTo(
            new OperatorConfig(
                "from-env/engine:2",
                "IfNotPresent",
                "backups",
                podContext,
                containerContext,
                Set.of("other"),
                "file.example",
                9100));
  }

  /** The chart passes its values to the operator; left alone, they are the operator's defaults. */
  @Test
  void theChartsDefaultEngineSecurityContextsAreTheOperatorsOwn() throws IOException {
    var values =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(Path.of("..", "helm", "neo4j-backup-operator", "values.yaml").toFile())
            .path("engine");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();

    OperatorConfig config =
        OperatorConfigLoader.load(
            Map.of(
                "ENGINE_IMAGE", "local/engine:1",
                "ENGINE_POD_SECURITY_CONTEXT",
                    json.writeValueAsString(values.path("podSecurityContext")),
                "ENGINE_SECURITY_CONTEXT",
                    json.writeValueAsString(values.path("securityContext"))));

    assertThat(values.path("serviceAccountName").asText()).isEmpty();
    assertThat(config.enginePodSecurityContext()).isEqualTo(SecurityDefaults.pod());
    assertThat(config.engineSecurityContext()).isEqualTo(SecurityDefaults.container());
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
          ENGINE_SERVICE_ACCOUNT   | Backup_Runner   | the engine service account 'Backup_Runner' is not a ServiceAccount name
          ENGINE_POD_SECURITY_CONTEXT | {"runAsUsr": 0} | ENGINE_POD_SECURITY_CONTEXT: unknown field(s) [runAsUsr]
          ENGINE_SECURITY_CONTEXT  | {"capabilities": {"drp": ["ALL"]}} | ENGINE_SECURITY_CONTEXT: unknown field(s) [capabilities.drp]
          ENGINE_SECURITY_CONTEXT  | [1, 2]          | ENGINE_SECURITY_CONTEXT is not a SecurityContext in JSON
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

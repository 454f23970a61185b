package io.neo4jbackup.api.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in {@code examples/} is one this API understands, to the last field. */
class ExamplesTest {

  static List<Path> examples() {
    return Examples.files();
  }

  @Test
  void theExamplesCoverAOneOffBackupANightlyScheduleAndAnHaClusterWithTls() {
    assertThat(examples())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "backup-once.yaml",
            "schedule-nightly.yaml",
            "ha-cluster-tls.yaml",
            "restore.yaml",
            "backup-s3.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleParsesIntoTheModelWithoutUnknownFields(Path example) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    for (JsonNode document : Examples.documents(example)) {
      resources.add(Examples.read(document));
    }
    assertThat(resources)
        .as("%s holds a resource of this API", example.getFileName())
        .anyMatch(
            r ->
                r instanceof Neo4jBackup
                    || r instanceof Neo4jBackupSchedule
                    || r instanceof Neo4jRestore);
  }

  @Test
  void aMisspelledFieldOfTheApiIsRejected() throws IOException {
    JsonNode typo =
        yaml(
            """
            apiVersion: neo4jbackup.io/v1alpha1
            kind: Neo4jBackup
            metadata: {name: typo}
            spec:
              from: single://neo4j
              target: {claimName: backups, path: neo4j}
              verfiy: true
            """);
    assertThatThrownBy(() -> Examples.read(typo)).hasMessageContaining("verfiy");
  }

  @Test
  void aMisspelledFieldInsideAKubernetesTypeIsRejected() throws IOException {
    JsonNode typo =
        yaml(
            """
            apiVersion: neo4jbackup.io/v1alpha1
            kind: Neo4jBackup
            metadata: {name: typo}
            spec:
              from: single://neo4j
              target: {claimName: backups, path: neo4j}
              job:
                tolerations:
                  - {key: dedicated, operator: Exists, efect: NoSchedule}
            """);
    assertThatThrownBy(() -> Examples.read(typo))
        .hasMessageContaining(".spec.job.tolerations[0].efect");
  }

  private static JsonNode yaml(String text) throws IOException {
    return new YAMLMapper().readTree(text);
  }
}

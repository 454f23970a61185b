package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartMetadataTest {

  private static final JsonNode CHART = Chart.read("Chart.yaml");

  @Test
  void theAppVersionIsTheBuildsVersionWhichTagsTheImages() {
    String buildVersion = System.getProperty("project.version").replace("-SNAPSHOT", "");

    assertThat(CHART.get("appVersion").asText()).isEqualTo(buildVersion);
  }

  @Test
  void theChartCarriesBothCrds() throws IOException {
    try (Stream<Path> files = Files.list(Chart.DIRECTORY.resolve("crds"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "neo4jbackups.neo4jbackup.io-v1.yml", "neo4jbackupschedules.neo4jbackup.io-v1.yml");
    }
  }
}

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
  void theChartCarriesBothCrdsForItsTemplateAndNoneInHelmsCrdsDirectory() throws IOException {
    try (Stream<Path> files = Files.list(Chart.DIRECTORY.resolve("files/crds"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Crds.FILES);
    }
    // helm install would create CRDs from crds/ before the templates, unowned by the release, and
    // then refuse to take them over from templates/crds.yaml; and helm upgrade ignores crds/.
    assertThat(Chart.DIRECTORY.resolve("crds")).doesNotExist();
  }
}

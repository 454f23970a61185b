package io.neo4jbackup.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The CRDs committed in the Helm chart are exactly the ones generated from the model. */
class CommittedCrdsTest {

  static final List<Class<? extends HasMetadata>> RESOURCES = GenerateCrds.RESOURCES;

  private static final Path GENERATED = Path.of(System.getProperty("crds.generated.dir"));
  private static final Path CHART = Path.of(System.getProperty("crds.chart.dir")).normalize();

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void theCommittedCrdIsTheGeneratedOne(Class<? extends HasMetadata> resource) throws IOException {
    Path committed = CHART.resolve(GenerateCrds.fileName(resource));
    Path generated = GENERATED.resolve(GenerateCrds.fileName(resource));
    if (!Files.exists(committed)) {
      fail(committed + " is missing. " + regenerate());
    }
    List<String> want = Files.readAllLines(generated);
    List<String> have = Files.readAllLines(committed);
    for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
      String expected = i < want.size() ? want.get(i) : "<end of file>";
      String actual = i < have.size() ? have.get(i) : "<end of file>";
      if (!expected.equals(actual)) {
        fail(
            String.format(
                "%s is out of date with the model, from line %d:%n  committed: %s%n  generated:"
                    + " %s%n%s",
                committed, i + 1, actual.strip(), expected.strip(), regenerate()));
      }
    }
  }

  @Test
  void theChartHoldsNoOtherCrds() throws IOException {
    List<String> expected = RESOURCES.stream().map(GenerateCrds::fileName).sorted().toList();
    try (Stream<Path> files = Files.list(CHART)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .as("%s holds only the generated CRDs: delete any other file. %s", CHART, regenerate())
          .containsExactlyElementsOf(expected);
    }
  }

  private static String regenerate() {
    return "Regenerate the committed CRDs with: " + GenerateCrds.UPDATE_COMMAND;
  }
}

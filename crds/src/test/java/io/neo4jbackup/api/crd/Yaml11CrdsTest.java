package io.neo4jbackup.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The committed CRDs mean the same to Helm and kubectl, which read YAML 1.1, as to the generator:
 * an unquoted {@code True} in an enum would reach the API server as a boolean, and it would then
 * refuse every status with a condition.
 */
class Yaml11CrdsTest {

  static final List<Class<? extends HasMetadata>> RESOURCES = GenerateCrds.RESOURCES;

  private static final Path CHART = Path.of(System.getProperty("crds.chart.dir")).normalize();

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void everyEnumValueOfAStringPropertyIsAStringUnderYaml11(Class<? extends HasMetadata> resource)
      throws IOException {
    Object crd;
    try (Reader reader = Files.newBufferedReader(CHART.resolve(GenerateCrds.fileName(resource)))) {
      crd = new Yaml().load(reader);
    }
    List<String> offenders = new ArrayList<>();
    collectNonStringEnums(crd, "", offenders);
    assertThat(offenders)
        .as("enum values that YAML 1.1 reads as something other than a string")
        .isEmpty();
  }

  private static void collectNonStringEnums(Object node, String path, List<String> offenders) {
    if (node instanceof Map<?, ?> map) {
      if ("string".equals(map.get("type")) && map.get("enum") instanceof List<?> values) {
        values.stream()
            .filter(value -> !(value instanceof String))
            .forEach(value -> offenders.add(path + ": " + value + " (" + value.getClass() + ")"));
      }
      map.forEach((key, value) -> collectNonStringEnums(value, path + "/" + key, offenders));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectNonStringEnums(list.get(i), path + "/" + i, offenders);
      }
    }
  }
}

package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * templates/crds.yaml: the CRDs the build generated into files/crds/, rendered as they are with
 * only labels and the keep policy added, behind crds.create, YAML 1.1-safe, and without their CEL
 * rules for Kubernetes before 1.23.
 */
class CrdTemplateTest {

  private static final String TEMPLATE = "templates/crds.yaml";
  private static final String CEL = "x-kubernetes-validations";

  @Test
  void eachGeneratedCrdIsRenderedAsItIsWithOnlyLabelsAndTheKeepPolicyAdded() {
    Map<String, JsonNode> rendered = renderedCrds("1.29.0", Map.of());

    assertThat(rendered).containsOnlyKeys(Crds.NAMES);
    for (String file : Crds.FILES) {
      JsonNode generated = read(generatedFile(file));
      String name = generated.at("/metadata/name").asText();
      ObjectNode crd = rendered.get(name).deepCopy();
      ObjectNode metadata = (ObjectNode) crd.get("metadata");

      assertThat(Chart.YAML.convertValue(metadata.remove("annotations"), Map.class))
          .as(name)
          .isEqualTo(Map.of("helm.sh/resource-policy", "keep"));
      assertThat(Chart.YAML.convertValue(metadata.remove("labels"), Map.class))
          .as(name)
          .isEqualTo(
              Map.of(
                  "helm.sh/chart",
                      "neo4j-backup-operator-" + Chart.read("Chart.yaml").get("version").asText(),
                  "app.kubernetes.io/name", "neo4j-backup-operator",
                  "app.kubernetes.io/instance", Chart.RELEASE,
                  "app.kubernetes.io/version", Chart.appVersion(),
                  "app.kubernetes.io/component", "crds",
                  "app.kubernetes.io/part-of", "neo4j-backup",
                  "app.kubernetes.io/managed-by", "Helm"));
      assertThat(crd).as("%s apart from the added metadata", name).isEqualTo(generated);
    }
  }

  @Test
  void withCrdsCreateFalseNoCrdIsRenderedAndNothingElseChanges() {
    List<String> withCrds = Chart.render().identities();
    List<String> without = Chart.render(Map.of("crds.create", "false")).identities();

    assertThat(without)
        .noneMatch(identity -> identity.startsWith("CustomResourceDefinition/"))
        .containsExactlyElementsOf(
            withCrds.stream().filter(i -> !i.startsWith("CustomResourceDefinition/")).toList());
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @ValueSource(strings = {"1.20.0", "1.22.17"})
  void beforeKubernetes123OnlyTheCelRulesAreLeftOut(String kubeVersion) {
    Map<String, JsonNode> rendered = renderedCrds(kubeVersion, Map.of());

    int rules = 0;
    for (String file : Crds.FILES) {
      JsonNode generated = read(generatedFile(file));
      rules += generated.findValues(CEL).size();
      ObjectNode crd = rendered.get(generated.at("/metadata/name").asText()).deepCopy();
      ((ObjectNode) crd.get("metadata")).remove(List.of("labels", "annotations"));

      assertThat(crd.findValues(CEL)).isEmpty();
      assertThat(crd).isEqualTo(withoutCelRules(generated.deepCopy()));
    }
    assertThat(rules)
        .as("CEL rules in the generated CRDs, for this test to mean something")
        .isPositive();
  }

  @ParameterizedTest(name = "Kubernetes {0}")
  @ValueSource(strings = {"1.23.0", "1.29.0"})
  void fromKubernetes123TheCelRulesStay(String kubeVersion) {
    Map<String, JsonNode> rendered = renderedCrds(kubeVersion, Map.of());

    for (String file : Crds.FILES) {
      JsonNode generated = read(generatedFile(file));
      assertThat(rendered.get(generated.at("/metadata/name").asText()).findValues(CEL))
          .isEqualTo(generated.findValues(CEL));
    }
  }

  /**
   * Helm and kubectl read YAML 1.1, where an unquoted True is a boolean: the generator quotes every
   * string, and what Helm renders keeps them quoted, also the metadata the template adds.
   */
  @ParameterizedTest(name = "Kubernetes {0}")
  @ValueSource(strings = {"1.20.0", "1.29.0"})
  void everyStringInTheRenderedCrdsIsQuotedForYaml11(String kubeVersion) {
    List<String> documents =
        Chart.render(Chart.DIRECTORY, Chart.RELEASE, kubeVersion, Map.of()).documents(TEMPLATE);

    assertThat(documents).hasSize(Crds.NAMES.size());
    for (String document : documents) {
      List<String> unquoted = new ArrayList<>();
      collectUnquotedStrings(new Yaml().compose(new StringReader(document)), "", unquoted);
      assertThat(unquoted).as("plain scalars YAML 1.1 reads as strings").isEmpty();
      List<String> enums = new ArrayList<>();
      collectNonStringEnums(new Yaml().load(document), "", enums);
      assertThat(enums)
          .as("enum values of string properties that YAML 1.1 reads as non-strings")
          .isEmpty();
    }
  }

  @Test
  void aCrdTheTemplateCannotReadFailsTheRender(@TempDir Path directory) throws IOException {
    Path twoMetadata = ChartVariants.copy(directory.resolve("metadata"));
    Path file = twoMetadata.resolve("files/crds").resolve(Crds.FILES.get(0));
    Files.writeString(file, Files.readString(file) + "metadata:\n  name: \"other\"\n");
    Path inlineRules = ChartVariants.copy(directory.resolve("rules"));
    file = inlineRules.resolve("files/crds").resolve(Crds.FILES.get(0));
    Files.writeString(
        file, Files.readString(file).replaceFirst(CEL + ":\n", CEL + ": # rules follow\n"));

    assertThatThrownBy(() -> Chart.render(twoMetadata, Chart.RELEASE, "1.29.0", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one top-level 'metadata:' line");
    assertThatThrownBy(() -> Chart.render(inlineRules, Chart.RELEASE, "1.22.0", Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("x-kubernetes-validations in a form the chart cannot leave out");
    assertThat(Chart.render(inlineRules, Chart.RELEASE, "1.29.0", Map.of()).identities())
        .contains("CustomResourceDefinition//" + Crds.NAMES.get(0));
  }

  /** The rendered CRDs by name, as JSON trees. */
  private static Map<String, JsonNode> renderedCrds(
      String kubeVersion, Map<String, Object> values) {
    Map<String, JsonNode> crds = new TreeMap<>();
    for (String document :
        Chart.render(Chart.DIRECTORY, Chart.RELEASE, kubeVersion, values).documents(TEMPLATE)) {
      JsonNode crd = parse(document);
      crds.put(crd.at("/metadata/name").asText(), crd);
    }
    return crds;
  }

  private static Path generatedFile(String file) {
    return Chart.DIRECTORY.resolve("files/crds").resolve(file);
  }

  private static JsonNode read(Path file) {
    try {
      return Chart.YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String yaml) {
    try {
      return Chart.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode withoutCelRules(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(CEL);
    }
    node.forEach(CrdTemplateTest::withoutCelRules);
    return node;
  }

  private static void collectUnquotedStrings(Node node, String path, List<String> out) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        String key = ((ScalarNode) tuple.getKeyNode()).getValue();
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode scalar
            && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
            && scalar.getTag().equals(Tag.STR)) {
          out.add(path + "/" + key + ": " + scalar.getValue());
        }
        collectUnquotedStrings(value, path + "/" + key, out);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (int i = 0; i < sequence.getValue().size(); i++) {
        Node item = sequence.getValue().get(i);
        if (item instanceof ScalarNode scalar
            && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
            && scalar.getTag().equals(Tag.STR)) {
          out.add(path + "/" + i + ": " + scalar.getValue());
        }
        collectUnquotedStrings(item, path + "/" + i, out);
      }
    }
  }

  private static void collectNonStringEnums(Object node, String path, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      if ("string".equals(map.get("type")) && map.get("enum") instanceof List<?> values) {
        values.stream()
            .filter(value -> !(value instanceof String))
            .forEach(value -> out.add(path + ": " + value + " (" + value.getClass() + ")"));
      }
      map.forEach((key, value) -> collectNonStringEnums(value, path + "/" + key, out));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectNonStringEnums(list.get(i), path + "/" + i, out);
      }
    }
  }
}

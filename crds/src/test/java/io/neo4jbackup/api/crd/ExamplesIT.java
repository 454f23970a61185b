package io.neo4jbackup.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neo4jbackup.api.examples.Examples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in {@code examples/} applies as it is, and the server keeps all of it. */
@ExtendWith(ApiServerExtension.class)
class ExamplesIT {

  private static ApiServer api;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
  }

  static List<Path> examples() {
    return Examples.files();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void kubectlAppliesTheExampleAndTheServerPrunesNothing(Path example) throws IOException {
    String ns = api.namespace("example-" + example.getFileName().toString().replace(".yaml", ""));

    assertThat(api.kubectl("apply", "-n", ns, "-f", example.toString())).contains("created");

    for (JsonNode sent : Examples.documents(example)) {
      HasMetadata resource = Examples.read(sent);
      if (!resource.getApiVersion().startsWith("neo4jbackup.io/")) {
        continue;
      }
      GenericKubernetesResource stored =
          api.client()
              .genericKubernetesResources(resource.getApiVersion(), resource.getKind())
              .inNamespace(ns)
              .withName(resource.getMetadata().getName())
              .get();
      JsonNode storedSpec =
          api.client()
              .getKubernetesSerialization()
              .convertValue(stored, JsonNode.class)
              .get("spec");
      assertThat(differences(storedSpec, sent.get("spec"), "spec"))
          .as("fields of %s that the server pruned or changed", example.getFileName())
          .isEmpty();
    }
  }

  /** The paths of {@code sent} that {@code stored} lacks or holds with another value. */
  private static List<String> differences(JsonNode stored, JsonNode sent, String path) {
    List<String> found = new ArrayList<>();
    if (stored == null) {
      found.add(path);
    } else if (sent.isObject()) {
      sent.properties()
          .forEach(
              f ->
                  found.addAll(
                      differences(stored.get(f.getKey()), f.getValue(), path + "." + f.getKey())));
    } else if (sent.isArray()) {
      for (int i = 0; i < sent.size(); i++) {
        found.addAll(differences(stored.get(i), sent.get(i), path + "[" + i + "]"));
      }
    } else if (!stored.asText().equals(sent.asText())) {
      found.add(path);
    }
    return found;
  }
}

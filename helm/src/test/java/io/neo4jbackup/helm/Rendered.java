package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The objects a {@code helm template} printed, parsed into Kubernetes model classes. */
record Rendered(String yaml, List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Rendered parse(String yaml) {
    Object parsed =
        SERIALIZATION.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    List<HasMetadata> objects =
        parsed instanceof List<?> list
            ? list.stream().filter(Objects::nonNull).map(HasMetadata.class::cast).toList()
            : List.of((HasMetadata) parsed);
    return new Rendered(yaml, objects);
  }

  /** The documents one template printed, as text (without the "# Source:" line). */
  List<String> documents(String template) {
    String source = "# Source: neo4j-backup-operator/" + template + "\n";
    return Arrays.stream(yaml.split("(?m)^---$"))
        .map(String::strip)
        .map(d -> d + "\n")
        .filter(d -> d.startsWith(source))
        .map(d -> d.substring(source.length()))
        .toList();
  }

  <T extends KubernetesResource> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The only object of this type; fails when there is none or more than one. */
  <T extends KubernetesResource> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  /** Kind/namespace/name of every object, to compare what a set of values renders. */
  List<String> identities() {
    return objects.stream()
        .map(
            o ->
                o.getKind()
                    + "/"
                    + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace())
                    + "/"
                    + o.getMetadata().getName())
        .sorted()
        .toList();
  }

  Deployment deployment() {
    return one(Deployment.class);
  }

  Container operatorContainer() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).extracting(Container::getName).containsExactly("operator");
    return containers.get(0);
  }

  /** The operator container's environment with literal values, by name. */
  Map<String, String> environment() {
    return operatorContainer().getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName, e -> Objects.requireNonNullElse(e.getValue(), ""), (a, b) -> b));
  }
}

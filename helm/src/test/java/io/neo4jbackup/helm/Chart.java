package io.neo4jbackup.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The chart under test, rendered by real Helm (helm-java) as a release in a fixed namespace. */
final class Chart {

  static final Path DIRECTORY = Path.of(System.getProperty("chart.dir")).normalize();
  static final String RELEASE = "backups";
  static final String NAMESPACE = "neo4j-backup";

  /** The full name of the release's objects: the release name, then the chart name. */
  static final String FULL_NAME = RELEASE + "-neo4j-backup-operator";

  private Chart() {}

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A YAML or JSON file of the chart, such as {@code Chart.yaml} or {@code values.yaml}. */
  static JsonNode read(String file) {
    try {
      return YAML.readTree(DIRECTORY.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operator's version, the default tag of both images. */
  static String appVersion() {
    return read("Chart.yaml").get("appVersion").asText();
  }

  static Helm helm() {
    return new Helm(DIRECTORY);
  }

  /** Renders the templates with the chart's defaults overridden by {@code values} (--set). */
  static Rendered render(Map<String, Object> values) {
    return render(RELEASE, values);
  }

  /** Renders the templates as release {@code release}, with {@code values} set. */
  static Rendered render(String release, Map<String, Object> values) {
    return render(DIRECTORY, release, "1.29.0", values);
  }

  /** Renders a chart's templates as for a cluster of that Kubernetes version. */
  static Rendered render(
      Path chart, String release, String kubeVersion, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(chart)
            .template()
            .withName(release)
            .withNamespace(NAMESPACE)
            .withKubeVersion(kubeVersion);
    values.forEach(template::set);
    return Rendered.parse(template.call());
  }

  static Rendered render() {
    return render(Map.of());
  }
}

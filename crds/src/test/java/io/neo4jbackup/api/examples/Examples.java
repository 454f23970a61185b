package io.neo4jbackup.api.examples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The manifests in {@code examples/}, read into the model strictly. */
public final class Examples {

  /** The kinds an example may hold: this API's resources and what they need to be applied. */
  public static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Neo4jBackup", Neo4jBackup.class,
          "Neo4jBackupSchedule", Neo4jBackupSchedule.class,
          "Neo4jRestore", Neo4jRestore.class,
          "PersistentVolumeClaim", PersistentVolumeClaim.class,
          "Secret", Secret.class);

  private static final ObjectMapper STRICT =
      new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Examples() {}

  /** Every example file, by name. */
  public static List<Path> files() {
    Path dir = Path.of(System.getProperty("examples.dir")).normalize();
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a (multi-document) YAML file, as trees. */
  public static List<JsonNode> documents(Path file) throws IOException {
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      return STRICT.readValues(parser, JsonNode.class).readAll().stream()
          .filter(d -> d != null && !d.isNull() && !d.isEmpty())
          .toList();
    }
  }

  /**
   * One document as its model class; fails on fields the model does not know, including those
   * Kubernetes' own types would keep aside (see {@link UnknownFields}).
   */
  public static HasMetadata read(JsonNode document) throws IOException {
    String kind = document.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(kind);
    if (type == null) {
      throw new IllegalArgumentException(
          "unexpected kind '" + kind + "', expected one of " + KINDS.keySet());
    }
    HasMetadata resource = STRICT.treeToValue(document, type);
    List<String> unknown = UnknownFields.in(resource);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(kind + " has fields the model does not know: " + unknown);
    }
    return resource;
  }
}

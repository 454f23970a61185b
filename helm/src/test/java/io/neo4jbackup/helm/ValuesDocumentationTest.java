package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value in values.yaml is described in values.schema.json and listed in the chart's
 * README.md, and the README lists no value that does not exist.
 */
class ValuesDocumentationTest {

  private static final JsonNode SCHEMA = Chart.read("values.schema.json");

  @Test
  void everyValueHasADescriptionInTheSchema() {
    assertThat(values())
        .allSatisfy(
            (key, schema) -> assertThat(schema.path("description").asText()).as(key).isNotBlank());
  }

  @Test
  void theReadmeListsEveryValueAndNoOther() throws IOException {
    String readme = Files.readString(Chart.DIRECTORY.resolve("README.md"));
    Set<String> listed = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z.]+)` \\|").matcher(readme);
    while (row.find()) {
      listed.add(row.group(1));
    }

    assertThat(listed).containsExactlyInAnyOrderElementsOf(values().keySet());
  }

  @Test
  void everyValueInTheSchemaHasADefaultInValuesYaml() {
    assertThat(leaves("", SCHEMA, new TreeMap<>()).keySet())
        .containsExactlyInAnyOrderElementsOf(values().keySet());
  }

  /**
   * The documented values: the keys of values.yaml, down to where the schema stops describing
   * properties (a free-form object such as resources is one value), each with its schema.
   */
  private static Map<String, JsonNode> values() {
    Map<String, JsonNode> values = new TreeMap<>();
    collect("", Chart.read("values.yaml"), SCHEMA, values);
    return values;
  }

  private static void collect(
      String prefix, JsonNode value, JsonNode schema, Map<String, JsonNode> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix + field.getKey();
      JsonNode site = schema.path("properties").path(field.getKey());
      JsonNode resolved = resolve(site);
      if (resolved.has("properties")) {
        collect(key + ".", field.getValue(), resolved, out);
      } else {
        out.put(key, describedAt(site, resolved));
      }
    }
  }

  private static Map<String, JsonNode> leaves(
      String prefix, JsonNode schema, Map<String, JsonNode> out) {
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      String key = prefix + property.getKey();
      JsonNode resolved = resolve(property.getValue());
      if (key.equals("global")) {
        continue;
      } else if (resolved.has("properties")) {
        leaves(key + ".", resolved, out);
      } else {
        out.put(key, resolved);
      }
    }
    return out;
  }

  /** A {@code $ref} to {@code #/definitions/NAME} replaced by the definition. */
  private static JsonNode resolve(JsonNode schema) {
    String ref = schema.path("$ref").asText();
    return ref.isEmpty() ? schema : SCHEMA.at(ref.substring(1));
  }

  /** Where the description is: on the property, or on the definition it refers to. */
  private static JsonNode describedAt(JsonNode site, JsonNode resolved) {
    return site.has("description") ? site : resolved;
  }
}

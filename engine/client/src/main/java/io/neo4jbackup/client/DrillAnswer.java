package io.neo4jbackup.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.Path;

/**
 * A restore drill's answer as text, the form its expected answer is written in: {@code true} or
 * {@code false}, integers in decimal, floats as Java writes them ({@code 1.5}, {@code 1.0E10}),
 * strings as they are, {@code null}, lists and maps as JSON (map keys sorted; a node or
 * relationship as the map of its properties, a path as the list of its nodes and relationships),
 * anything else (dates, times, points) as Neo4j writes it.
 */
final class DrillAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DrillAnswer() {}

  /** {@code value}, one column of one row of a query's result, as text. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Boolean || value instanceof Number) {
      return String.valueOf(value);
    }
    Object json = plain(value);
    if (json instanceof String text) {
      return text;
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** {@code value} as what Jackson writes as JSON: maps, lists, strings, numbers, booleans. */
  private static Object plain(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((key, inner) -> sorted.put(String.valueOf(key), plain(inner)));
      return sorted;
    }
    if (value instanceof Entity entity) {
      return plain(entity.getAllProperties());
    }
    if (value instanceof Path path) {
      List<Object> elements = new ArrayList<>();
      path.forEach(element -> elements.add(plain(element)));
      return elements;
    }
    if (value instanceof Iterable<?> iterable) {
      List<Object> elements = new ArrayList<>();
      iterable.forEach(element -> elements.add(plain(element)));
      return elements;
    }
    if (value.getClass().isArray()) {
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(plain(Array.get(value, i)));
      }
      return elements;
    }
    return String.valueOf(value);
  }
}

package io.neo4jbackup.operator.job;

import io.neo4jbackup.operator.InvalidSpecException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A database name as Neo4j 5 matches it: lower-cased with {@code Locale.ROOT}, then 3 to 63 of
 * {@code [a-z0-9.-]} from a letter, and only {@code system} itself starting with {@code system}
 * (Neo4j's {@code NormalizedDatabaseName} and {@code DatabaseNameValidator}). The operator passes
 * and compares names only in this form, and refuses any other before a byte is sent.
 */
public final class DatabaseName {

  /** The database the engine backs up when the spec names none, as the CRD defaults it. */
  public static final String DEFAULT = "neo4j";

  private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]+");

  private DatabaseName() {}

  /**
   * {@code name} (null for the default) normalised as Neo4j normalises it; an {@link
   * InvalidSpecException} naming {@code field} when Neo4j would refuse it.
   */
  public static String normalized(String name, String field) {
    if (name == null) {
      return DEFAULT;
    }
    String normalized = name.toLowerCase(Locale.ROOT);
    String problem = problem(normalized);
    if (problem != null) {
      throw new InvalidSpecException(
          field + " '" + name + "' is not a Neo4j database name: " + problem);
    }
    return normalized;
  }

  /**
   * {@code name} (null for the default) lower-cased as Neo4j normalises it, without checking it:
   * for comparing names already checked, or recorded.
   */
  public static String lowerCase(String name) {
    return name == null ? DEFAULT : name.toLowerCase(Locale.ROOT);
  }

  private static String problem(String normalized) {
    if (normalized.length() < 3 || normalized.length() > 63) {
      return "it must have 3 to 63 characters";
    }
    char first = normalized.charAt(0);
    if (first < 'a' || first > 'z') {
      return "it must start with a letter";
    }
    if (!CHARACTERS.matcher(normalized).matches()) {
      return "it may hold only letters, digits, dots and dashes";
    }
    if (normalized.startsWith("system") && !normalized.equals("system")) {
      return "no name but system itself may start with 'system'";
    }
    return null;
  }
}

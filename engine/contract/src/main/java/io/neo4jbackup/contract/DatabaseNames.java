package io.neo4jbackup.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Database names as Neo4j 5 matches them ({@code NormalizedDatabaseName}, {@code
 * DatabaseNameValidator}): lower-cased with {@code Locale.ROOT}, then 3 to 63 of {@code [a-z0-9.-]}
 * starting with a letter, and no name but {@code system} itself starting with {@code system}. The
 * engine and the operator send, store and compare names only in this form, so {@code Neo4j} and
 * {@code neo4j} are one database, as they are to Neo4j.
 */
public final class DatabaseNames {
  /** The database backed up when none is named. */
  public static final String DEFAULT = "neo4j";

  private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]+");

  private DatabaseNames() {}

  /**
   * {@code name} as Neo4j stores it; an {@link IllegalArgumentException} saying why it cannot be.
   */
  public static String normalise(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the database name is empty");
    }
    String normalised = lowerCase(name);
    String problem = problem(normalised);
    if (problem != null) {
      throw new IllegalArgumentException("'" + name + "' is not a Neo4j database name: " + problem);
    }
    return normalised;
  }

  /** {@code name} lower-cased as Neo4j does, unchecked: for names checked or recorded earlier. */
  public static String lowerCase(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether two names, as written, name the same database. */
  public static boolean same(String a, String b) {
    return lowerCase(a).equals(lowerCase(b));
  }

  private static String problem(String normalised) {
    if (normalised.length() < 3 || normalised.length() > 63) {
      return "it must have 3 to 63 characters";
    }
    char first = normalised.charAt(0);
    if (first < 'a' || first > 'z') {
      return "it must start with a letter";
    }
    if (!CHARACTERS.matcher(normalised).matches()) {
      return "it may hold only letters, digits, dots and dashes";
    }
    if (normalised.startsWith("system") && !normalised.equals("system")) {
      return "no name but system itself may start with 'system'";
    }
    return null;
  }
}

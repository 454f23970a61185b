package io.neo4jbackup.client;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Database names as Neo4j 5 matches them: lower-cased ({@code Locale.ROOT}), then 3 to 63 ASCII
 * letters, digits, dots and dashes, starting with a letter. The names a backup sends, writes into
 * its layout and compares with an earlier backup's are always normalised this way, so {@code Neo4j}
 * and {@code neo4j} are one database, as they are to Neo4j.
 */
public final class DatabaseNames {
  private static final Pattern NORMALISED = Pattern.compile("[a-z][a-z0-9.-]{2,62}");

  private DatabaseNames() {}

  /**
   * {@code name} as Neo4j stores it; a {@link BackupFailure#USAGE} failure, naming the rule, for a
   * name no Neo4j database can have.
   */
  public static String normalise(String name) {
    if (name == null || name.isBlank()) {
      throw new BackupException(BackupFailure.USAGE, "the database name is empty");
    }
    String normalised = name.strip().toLowerCase(Locale.ROOT);
    if (!NORMALISED.matcher(normalised).matches()) {
      throw new BackupException(
          BackupFailure.USAGE,
          "'"
              + name
              + "' is not a Neo4j database name: 3 to 63 ASCII letters, digits, dots and dashes,"
              + " starting with a letter (case does not matter)");
    }
    return normalised;
  }

  /** Whether two names, as written, name the same database. */
  public static boolean same(String a, String b) {
    return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
  }
}

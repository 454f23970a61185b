package io.neo4jbackup.operator.job;

import io.neo4jbackup.contract.DatabaseNames;
import io.neo4jbackup.operator.InvalidSpecException;

/**
 * A spec's database name as Neo4j 5 matches it ({@link DatabaseNames}, the contract's rule): the
 * operator passes and compares names only in that form, and refuses any other, naming the field,
 * before a byte is sent.
 */
public final class DatabaseName {

  /** The database the engine backs up when the spec names none, as the CRD defaults it. */
  public static final String DEFAULT = DatabaseNames.DEFAULT;

  private DatabaseName() {}

  /**
   * {@code name} (null for the default) normalised as Neo4j normalises it; an {@link
   * InvalidSpecException} naming {@code field} when Neo4j would refuse it.
   */
  public static String normalized(String name, String field) {
    if (name == null) {
      return DEFAULT;
    }
    try {
      return DatabaseNames.normalise(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field + " " + e.getMessage());
    }
  }

  /**
   * {@code name} (null for the default) lower-cased as Neo4j normalises it, without checking it:
   * for comparing names already checked, or recorded.
   */
  public static String lowerCase(String name) {
    return name == null ? DEFAULT : DatabaseNames.lowerCase(name);
  }
}

package io.neo4jbackup.operator;

/**
 * A Neo4jBackup's spec cannot be carried out as written: retrying cannot help, the backup fails
 * with reason {@code InvalidSpec} and this message.
 */
public class InvalidSpecException extends RuntimeException {

  public InvalidSpecException(String message) {
    super(message);
  }

  public InvalidSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}

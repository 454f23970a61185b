package io.neo4jbackup.protocol;

/** Input that does not follow the backup protocol. */
public class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }
}

package io.neo4jbackup.operator.dns;

/** A backup URI that is not {@code single://host[:port]} or {@code ha://host[:port],...}. */
public class MalformedBackupUriException extends IllegalArgumentException {

  MalformedBackupUriException(String uri, String reason) {
    super("invalid backup URI '" + uri + "': " + reason);
  }
}

package io.neo4jbackup.contract;

/** A backup URI that does not follow the grammar of {@link BackupUri}; the message says why. */
public final class InvalidBackupUriException extends IllegalArgumentException {
  public InvalidBackupUriException(String uri, String reason) {
    super("invalid backup URI '" + uri + "': " + reason);
  }
}

package io.neo4jbackup.client;

/** A backup that did not complete; {@link #failure()} says what kind of problem it was. */
public class BackupException extends RuntimeException {
  private final BackupFailure failure;

  public BackupException(BackupFailure failure, String message) {
    super(message);
    this.failure = failure;
  }

  public BackupException(BackupFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public BackupFailure failure() {
    return failure;
  }
}

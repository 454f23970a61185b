package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.MemberOutcome;
import java.util.List;

/**
 * A backup that did not complete; {@link #failure()} says what kind of problem it was, and {@link
 * #members()} what became of each member of the backup URI when the backup got as far as asking
 * them.
 */
public class BackupException extends RuntimeException {
  private final BackupFailure failure;
  private final List<MemberOutcome> members;

  public BackupException(BackupFailure failure, String message) {
    this(failure, message, null, List.of());
  }

  public BackupException(BackupFailure failure, String message, Throwable cause) {
    this(failure, message, cause, List.of());
  }

  public BackupException(
      BackupFailure failure, String message, Throwable cause, List<MemberOutcome> members) {
    super(message, cause);
    this.failure = failure;
    this.members = List.copyOf(members);
  }

  public BackupFailure failure() {
    return failure;
  }

  /** What became of each member of the URI, in the URI's order; empty when none was asked. */
  public List<MemberOutcome> members() {
    return members;
  }

  /** This failure, telling what became of each member. */
  BackupException withMembers(List<MemberOutcome> outcomes) {
    BackupException copy = new BackupException(failure, getMessage(), getCause(), outcomes);
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.contract.ResultLine;
import java.util.List;

/**
 * A backup that did not complete; {@link #failure()} says what kind of problem it was, and {@link
 * #members()} what became of each member of the backup URI when the backup got as far as asking
 * them. A failure because a restore drill did not pass carries what the drill found ({@link
 * #drilled()}).
 */
public class BackupException extends RuntimeException {
  private final BackupFailure failure;
  private final List<MemberOutcome> members;
  private final DrillResult drilled;

  public BackupException(BackupFailure failure, String message) {
    this(failure, message, null, List.of());
  }

  public BackupException(BackupFailure failure, String message, Throwable cause) {
    this(failure, message, cause, List.of());
  }

  public BackupException(
      BackupFailure failure, String message, Throwable cause, List<MemberOutcome> members) {
    this(failure, message, cause, members, null);
  }

  private BackupException(
      BackupFailure failure,
      String message,
      Throwable cause,
      List<MemberOutcome> members,
      DrillResult drilled) {
    super(message, cause);
    this.failure = failure;
    this.members = List.copyOf(members);
    this.drilled = drilled;
  }

  /**
   * A {@link BackupFailure#VERIFICATION} failure: the restore drill {@code drilled} did not pass;
   * {@code consequence} says what became of the backup.
   */
  public static BackupException drillFailed(DrillResult drilled, String consequence) {
    return new BackupException(
        BackupFailure.VERIFICATION,
        ResultLine.drillFailure(drilled) + (consequence == null ? "" : "; " + consequence),
        null,
        List.of(),
        drilled);
  }

  public BackupFailure failure() {
    return failure;
  }

  /** What became of each member of the URI, in the URI's order; empty when none was asked. */
  public List<MemberOutcome> members() {
    return members;
  }

  /** What the restore drill whose failure this is found; null for any other failure. */
  public DrillResult drilled() {
    return drilled;
  }

  /** This failure, telling what became of each member. */
  BackupException withMembers(List<MemberOutcome> outcomes) {
    BackupException copy =
        new BackupException(failure, getMessage(), getCause(), outcomes, drilled);
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}

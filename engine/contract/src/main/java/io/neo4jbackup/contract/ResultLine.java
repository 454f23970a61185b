package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one line of JSON the engine prints with {@code -json}, last on its standard output: what the
 * operator reads from the container's termination message. {@code status} is {@code succeeded} or
 * {@code failed}. A successful backup carries its {@code result}, a successful {@code delete} the
 * directory it {@code deleted}, a successful {@code restore} what it {@code restored}, a {@code
 * drill} what it {@code drilled} (also on its failure line, and on the failure line of a backup
 * whose drill failed, so the query's answer is seen); a failure carries its {@code failure} kind (a
 * {@link BackupFailure} name, kept as text so that a kind a newer engine adds is still read), the
 * {@code exitCode} that kind exits with, a {@code message}, and what became of each member once
 * they were asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultLine(
    @JsonProperty("status") String status,
    @JsonProperty("result") BackupResult result,
    @JsonProperty("deleted") String deleted,
    @JsonProperty("failure") String failure,
    @JsonProperty("exitCode") Integer exitCode,
    @JsonProperty("message") String message,
    @JsonProperty("members") List<MemberOutcome> members,
    @JsonProperty("restored") RestoreResult restored,
    @JsonProperty("drilled") DrillResult drilled) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** The most bytes a line holds: Kubernetes keeps 4 KiB of a termination message. */
  public static final int MAX_BYTES = 4000;

  public static ResultLine succeeded(BackupResult result) {
    return new ResultLine(SUCCEEDED, result, null, null, null, null, null, null, null);
  }

  public static ResultLine deleted(String directory) {
    return new ResultLine(SUCCEEDED, null, directory, null, null, null, null, null, null);
  }

  public static ResultLine restored(RestoreResult restored) {
    return new ResultLine(SUCCEEDED, null, null, null, null, null, null, restored, null);
  }

  public static ResultLine failed(
      BackupFailure failure, String message, List<MemberOutcome> members) {
    return new ResultLine(
        FAILED,
        null,
        null,
        failure.name(),
        failure.exitCode(),
        message,
        members == null || members.isEmpty() ? null : List.copyOf(members),
        null,
        null);
  }

  /**
   * A drill's line: succeeded when it passed; otherwise a {@link BackupFailure#VERIFICATION}
   * failure whose message names the query, what it answered and what was expected.
   */
  public static ResultLine drilled(DrillResult drilled) {
    if (drilled.passed()) {
      return new ResultLine(SUCCEEDED, null, null, null, null, null, null, null, drilled);
    }
    return failed(BackupFailure.VERIFICATION, drillFailure(drilled), List.of())
        .withDrilled(drilled);
  }

  /** The message of a drill that did not pass. */
  public static String drillFailure(DrillResult drilled) {
    return "restore drill failed: the query "
        + drilled.query()
        + " answered "
        + drilled.actual()
        + " on "
        + drilled.database()
        + " at transaction "
        + drilled.lastTxId()
        + ", expected "
        + drilled.expected();
  }

  /** This line with what a drill found. */
  public ResultLine withDrilled(DrillResult drilled) {
    return new ResultLine(
        status, result, deleted, failure, exitCode, message, members, restored, drilled);
  }

  /** The failure kind, when this line names one this side knows. */
  @JsonIgnore
  public Optional<BackupFailure> failureKind() {
    return Arrays.stream(BackupFailure.values())
        .filter(kind -> kind.name().equals(failure))
        .findFirst();
  }
}

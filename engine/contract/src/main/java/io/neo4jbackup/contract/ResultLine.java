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
 * directory it {@code deleted}, a successful {@code restore} what it {@code restored}; a failure
 * carries its {@code failure} kind (a {@link BackupFailure} name, kept as text so that a kind a
 * newer engine adds is still read), the {@code exitCode} that kind exits with, a {@code message},
 * and what became of each member once they were asked.
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
    @JsonProperty("restored") RestoreResult restored) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** The most bytes a line holds: Kubernetes keeps 4 KiB of a termination message. */
  public static final int MAX_BYTES = 4000;

  public static ResultLine succeeded(BackupResult result) {
    return new ResultLine(SUCCEEDED, result, null, null, null, null, null, null);
  }

  public static ResultLine deleted(String directory) {
    return new ResultLine(SUCCEEDED, null, directory, null, null, null, null, null);
  }

  public static ResultLine restored(RestoreResult restored) {
    return new ResultLine(SUCCEEDED, null, null, null, null, null, null, restored);
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
        null);
  }

  /** The failure kind, when this line names one this side knows. */
  @JsonIgnore
  public Optional<BackupFailure> failureKind() {
    return Arrays.stream(BackupFailure.values())
        .filter(kind -> kind.name().equals(failure))
        .findFirst();
  }
}

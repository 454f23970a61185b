package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What became of one member of the backup URI in a backup: it served the backup, it could have
 * served but another member did, or it could not serve; then {@code failure} names the kind of
 * problem and {@code reason} says it in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberOutcome(
    @JsonProperty("member") String member,
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("failure") BackupFailure failure,
    @JsonProperty("reason") String reason) {

  /** The part a member played. */
  public enum Outcome {
    /** The backup came from this member. */
    USED,
    /** It answered and could have served; another member served first. */
    NOT_NEEDED,
    /** It could not serve (unreachable, wrong cluster, other store, ...) or failed mid-transfer. */
    FAILED
  }

  public static MemberOutcome used(String member) {
    return new MemberOutcome(member, Outcome.USED, null, null);
  }

  public static MemberOutcome notNeeded(String member) {
    return new MemberOutcome(member, Outcome.NOT_NEEDED, null, null);
  }

  public static MemberOutcome failed(String member, BackupFailure failure, String reason) {
    return new MemberOutcome(member, Outcome.FAILED, failure, reason);
  }
}

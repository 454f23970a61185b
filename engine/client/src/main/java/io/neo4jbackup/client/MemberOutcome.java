package io.neo4jbackup.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one member of the backup URI in a backup: it served the backup, it could have
 * served but another member did, or it could not serve; then {@code failure} names the kind of
 * problem and {@code reason} says it in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberOutcome(String member, Outcome outcome, BackupFailure failure, String reason) {

  /** The part a member played. */
  public enum Outcome {
    /** The backup came from this member. */
    USED,
    /** It answered and could have served; another member served first. */
    NOT_NEEDED,
    /** It could not serve (unreachable, wrong cluster, other store, ...) or failed mid-transfer. */
    FAILED
  }

  static MemberOutcome used(BackupUri.Member member) {
    return new MemberOutcome(member.toString(), Outcome.USED, null, null);
  }

  static MemberOutcome notNeeded(BackupUri.Member member) {
    return new MemberOutcome(member.toString(), Outcome.NOT_NEEDED, null, null);
  }

  static MemberOutcome failed(BackupUri.Member member, BackupException failure) {
    return new MemberOutcome(
        member.toString(), Outcome.FAILED, failure.failure(), failure.getMessage());
  }
}

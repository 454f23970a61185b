package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * What a completed backup did: the {@code result} of the engine's {@code -json} success line, and
 * what the Java API returns. {@code target} is the backup directory's absolute path; {@code
 * duration} is written as ISO-8601 ({@code PT12.5S}); {@code verified} and {@code verification} are
 * absent when the checker was not asked for; {@code member} is the member the backup came from,
 * {@code members} what became of each member of the URI, in its order, and {@code window} the
 * points the backup's chain can now restore (absent for a chain made before point-in-time restore),
 * {@code drill} what the restore drill found (absent when none was asked for), and {@code phases}
 * where the process's time went ({@link PhaseTime}; absent from the Java API's result).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupResult(
    @JsonProperty("mode") BackupMode mode,
    @JsonProperty("target") String target,
    @JsonProperty("database") String database,
    @JsonProperty("storeId") String storeId,
    @JsonProperty("member") String member,
    @JsonProperty("clusterName") String clusterName,
    @JsonProperty("firstTxId") long firstTxId,
    @JsonProperty("lastTxId") long lastTxId,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("files") int files,
    @JsonProperty("duration") Duration duration,
    @JsonProperty("verified") Boolean verified,
    @JsonProperty("verification") String verification,
    @JsonProperty("members") List<MemberOutcome> members,
    @JsonProperty("window") RecoveryWindow window,
    @JsonProperty("drill") DrillResult drill,
    @JsonProperty("phases") List<PhaseTime> phases) {

  /** This result with another target: where the backup ended up (an object store's chain). */
  public BackupResult withTarget(String target) {
    return with(target, phases);
  }

  /** This result with where the process's time went. */
  public BackupResult withPhases(List<PhaseTime> phases) {
    return with(target, List.copyOf(phases));
  }

  private BackupResult with(String target, List<PhaseTime> phases) {
    return new BackupResult(
        mode,
        target,
        database,
        storeId,
        member,
        clusterName,
        firstTxId,
        lastTxId,
        bytes,
        files,
        duration,
        verified,
        verification,
        members,
        window,
        drill,
        phases);
  }
}

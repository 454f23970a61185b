package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * What a restore drill found: a copy of the backup's newest state of {@code database} (up to
 * transaction {@code lastTxId}, committed at {@code lastCommitTime} when the backup knows it),
 * booted read-only by an embedded Neo4j, answered {@code query} with {@code actual}; the drill
 * {@code passed} when that is {@code expected}. The query must return one row of one column; its
 * value is written as text: {@code true}/{@code false}, numbers in decimal, strings as they are,
 * {@code null}, lists and maps as JSON. {@code duration} covers the copy, the boot, the query and
 * the shutdown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillResult(
    @JsonProperty("database") String database,
    @JsonProperty("lastTxId") long lastTxId,
    @JsonProperty("lastCommitTime") Instant lastCommitTime,
    @JsonProperty("query") String query,
    @JsonProperty("expected") String expected,
    @JsonProperty("actual") String actual,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("duration") Duration duration) {

  /** The most characters of {@code actual} a result keeps: the line must fit its 4 KiB. */
  public static final int MAX_ACTUAL = 512;
}

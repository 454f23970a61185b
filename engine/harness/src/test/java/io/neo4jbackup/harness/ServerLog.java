package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/** Reads a Neo4j server's logs: when something was logged, and which checkpoints ran. */
record ServerLog(Neo4jServer server) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");

  /** When the last line of neo4j.log matching {@code pattern} was written, or null. */
  Instant lastTime(String pattern) {
    Pattern regex = Pattern.compile(pattern);
    Instant found = null;
    for (String line : lines("logs/neo4j.log")) {
      if (regex.matcher(line).find()) {
        found = time(line);
      }
    }
    return found;
  }

  /**
   * Waits (at most 30 s) until neo4j.log has a line matching {@code pattern}: the server logs a
   * transfer's end on its own thread, after the client may have finished.
   */
  void awaitLine(String pattern) {
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("neo4j.log has a line matching " + pattern)
        .until(() -> lastTime(pattern) != null);
  }

  /** Times at which a scheduled checkpoint of the {@code neo4j} database completed. */
  List<Instant> scheduledCheckpoints() {
    return lines("logs/debug.log").stream()
        .filter(
            line ->
                line.contains("[neo4j/")
                    && line.contains("Scheduled checkpoint")
                    && line.contains("checkpoint completed"))
        .map(ServerLog::time)
        .toList();
  }

  /**
   * Checks that the backup of {@code neo4j} that was aborted for {@code abortReason} (a pattern)
   * pinned the store until then (no scheduled checkpoint completed meanwhile) and released it
   * (scheduled checkpoints run again). Needs a server that checkpoints every second and a writer.
   */
  void assertPinnedUntilAbortedThenReleased(String abortReason) {
    String aborted = "Full backup of 'neo4j' .* aborted: " + abortReason;
    await().atMost(Duration.ofMinutes(1)).until(() -> lastTime(aborted) != null);
    Instant startedAt = lastTime("Full backup of 'neo4j' .* started");
    Instant abortedAt = lastTime(aborted);
    assertThat(scheduledCheckpoints())
        .as("no scheduled checkpoint completes while the store is pinned")
        .noneMatch(at -> at.isAfter(startedAt.plusSeconds(1)) && at.isBefore(abortedAt));
    await()
        .atMost(Duration.ofMinutes(1))
        .alias("checkpoints run again once the pin is released")
        .until(() -> scheduledCheckpoints().stream().anyMatch(at -> at.isAfter(abortedAt)));
  }

  private List<String> lines(String log) {
    try {
      return Files.readAllLines(server.home().resolve(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant time(String line) {
    return OffsetDateTime.parse(line.substring(0, 28), STAMP).toInstant();
  }
}

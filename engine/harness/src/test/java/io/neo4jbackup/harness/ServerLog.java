package io.neo4jbackup.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

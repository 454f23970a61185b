package io.neo4jbackup.operator.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;

/**
 * What {@code neo4j-backup delete DIR -json} reported in a chain-deletion container that ended: the
 * last line of its termination message, {@code {"status":"succeeded","deleted":DIR}} or the failure
 * line backups print. Without a readable line the exit status says what it can.
 */
public sealed interface DeletionResult {

  /** The engine deleted the directory (or found none). */
  record Deleted(String directory) implements DeletionResult {}

  /**
   * The engine deleted nothing: {@code kind} is its failure kind (null when unknown), {@code
   * message} what it said.
   */
  record Failed(EngineFailure kind, String message) implements DeletionResult {

    /** Whether a backup or a restore held the directory's lock: worth trying again later. */
    public boolean locked() {
      return kind == EngineFailure.TARGET_BUSY;
    }
  }

  /** The result {@code terminated} holds. */
  static DeletionResult read(ContainerStateTerminated terminated) {
    String message = terminated.getMessage() == null ? "" : terminated.getMessage().strip();
    String[] lines = message.split("\n");
    String line = lines[lines.length - 1].strip();
    try {
      JsonNode result = new ObjectMapper().readTree(line);
      if (result != null && result.isObject()) {
        String status = result.path("status").asText();
        if (status.equals("succeeded")) {
          return new Deleted(result.path("deleted").asText(null));
        }
        if (status.equals("failed")) {
          String kind = result.path("failure").asText("");
          String said = result.path("message").asText("");
          for (EngineFailure failure : EngineFailure.values()) {
            if (failure.name().equals(kind)) {
              return new Failed(failure, kind + ": " + said);
            }
          }
          return new Failed(null, kind + ": " + said);
        }
      }
    } catch (JsonProcessingException e) {
      // Not the engine's line: fall back on the exit status.
    }
    return new Failed(
        null,
        "the container exited with status "
            + terminated.getExitCode()
            + (line.isEmpty() ? " and no result" : " without a result ('" + excerpt(line) + "')")
            + "; see the pod's logs");
  }

  private static String excerpt(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}

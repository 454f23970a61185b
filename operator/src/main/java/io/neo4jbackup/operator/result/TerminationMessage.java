package io.neo4jbackup.operator.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads the engine's result from the backup container's terminated state, which the pod's status
 * keeps after the container is gone: the last line of the termination message is the engine's
 * {@code -json} line. Without a readable line (the kubelet keeps only the message's last 4 KiB, an
 * image that is not the engine, a container killed before it could answer) the exit status still
 * names the failure where it stands for one kind (2, 6, 7), and the backup fails with {@code
 * JobFailed}, saying what the status can mean, where it stands for several (3, 4, 5). A success is
 * never reported without the engine's result.
 */
public final class TerminationMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The engine's exit statuses that name one failure kind. */
  private static final Map<Integer, EngineFailure> EXIT_STATUSES =
      Map.of(
          2, EngineFailure.USAGE,
          6, EngineFailure.VERIFICATION,
          7, EngineFailure.AUTHENTICATION);

  /**
   * The engine's exit statuses that stand for several failure kinds, with what they can mean: a
   * backup that ended with one of them and no readable line fails with JobFailed, never with one of
   * the kinds it may not be.
   */
  private static final Map<Integer, String> AMBIGUOUS_EXIT_STATUSES =
      Map.of(
          3,
          "a transient failure: no server answered, the server was busy, the database was"
              + " unavailable, or every member was behind",
          4,
          "the servers or their history did not fit the backup: another cluster, another store,"
              + " a diverged history, pruned logs, or an answer that was not a valid backup",
          5,
          "the target directory could not take the backup, or another backup held its lock");

  private static final int EXCERPT = 200;

  private TerminationMessage() {}

  /** What the engine reported in the backup container that ended in {@code terminated}. */
  public static EngineResult read(ContainerStateTerminated terminated) {
    String line = lastLine(terminated.getMessage());
    try {
      JsonNode result = JSON.readTree(line);
      if (result != null && result.isObject()) {
        return switch (result.path("status").asText()) {
          case "succeeded" -> succeeded(result.path("result"));
          case "failed" -> failed(result);
          default -> unreadable(terminated, line);
        };
      }
    } catch (JsonProcessingException | UnreadableResultException e) {
      // Not the engine's line: fall back on how the container ended.
    }
    return unreadable(terminated, line);
  }

  private static EngineResult succeeded(JsonNode result) {
    JsonNode verified = result.path("verified");
    return new EngineResult.Succeeded(
        mode(text(result, "mode")),
        text(result, "target"),
        text(result, "database"),
        text(result, "storeId"),
        text(result, "member"),
        result.path("clusterName").isTextual() ? result.get("clusterName").asText() : null,
        number(result, "firstTxId"),
        number(result, "lastTxId"),
        number(result, "bytes"),
        (int) number(result, "files"),
        duration(text(result, "duration")),
        verified.isBoolean()
            ? (verified.asBoolean() ? VerificationResult.Passed : VerificationResult.Failed)
            : VerificationResult.Skipped,
        result.path("verification").isTextual() ? result.get("verification").asText() : null);
  }

  private static EngineResult failed(JsonNode result) {
    String message = result.path("message").asText("");
    String kind = result.path("failure").asText("");
    for (EngineFailure failure : EngineFailure.values()) {
      if (failure.name().equals(kind)) {
        return new EngineResult.Failed(failure.reason(), failure.message(message));
      }
    }
    return new EngineResult.Failed(
        FailureReason.JobFailed,
        EngineFailure.INTERNAL.message(
            "The engine failed with a kind this operator does not know ("
                + kind
                + "; is the engine image newer than the operator?): "
                + message));
  }

  private static EngineResult unreadable(ContainerStateTerminated terminated, String line) {
    Integer exitCode = terminated.getExitCode();
    if ("OOMKilled".equals(terminated.getReason())) {
      return new EngineResult.Failed(
          FailureReason.JobFailed,
          "The backup container ran out of memory (OOMKilled): raise"
              + " spec.job.resources.limits.memory in a new Neo4jBackup; verification needs"
              + " memory in proportion to the store.");
    }
    String ended =
        "The backup container exited with status "
            + exitCode
            + (line.isEmpty()
                ? " and no result"
                : " without a result the operator can read ('" + excerpt(line) + "')");
    EngineFailure failure = exitCode == null ? null : EXIT_STATUSES.get(exitCode);
    if (failure != null) {
      return new EngineResult.Failed(failure.reason(), failure.message(ended));
    }
    if (exitCode != null && exitCode == 0) {
      return new EngineResult.Failed(
          FailureReason.JobFailed,
          ended
              + ": the target may hold a new backup that the operator cannot describe; check"
              + " that the image (spec.job.image or the operator's engine image) is a"
              + " neo4j-backup engine that supports -json.");
    }
    String meaning = exitCode == null ? null : AMBIGUOUS_EXIT_STATUSES.get(exitCode);
    return new EngineResult.Failed(
        FailureReason.JobFailed,
        ended
            + (meaning == null ? "" : " (status " + exitCode + " means " + meaning + ")")
            + ": see the backup pod's logs.");
  }

  private static String lastLine(String message) {
    if (message == null) {
      return "";
    }
    String[] lines = message.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static String excerpt(String line) {
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new UnreadableResultException();
    }
    return value.asText();
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isIntegralNumber()) {
      throw new UnreadableResultException();
    }
    return value.asLong();
  }

  private static BackupMode mode(String mode) {
    return switch (mode) {
      case "FULL" -> BackupMode.Full;
      case "INCREMENTAL" -> BackupMode.Incremental;
      default -> throw new UnreadableResultException();
    };
  }

  private static Duration duration(String duration) {
    try {
      return Duration.parse(duration);
    } catch (DateTimeParseException e) {
      throw new UnreadableResultException();
    }
  }

  /** A success line that lacks a field or has one of the wrong type. */
  private static final class UnreadableResultException extends RuntimeException {
    UnreadableResultException() {
      super(null, null, false, false);
    }
  }
}

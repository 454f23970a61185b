package io.neo4jbackup.operator.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.ResultLine;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the engine's result from the backup container's terminated state, which the pod's status
 * keeps after the container is gone: the last line of the termination message is the engine's
 * {@code -json} line, a {@link ResultLine} of the contract. Without a readable line (the kubelet
 * keeps only the message's last 4 KiB, an image that is not the engine, a container killed before
 * it could answer) the exit status still names the failure where it stands for one kind (2, 6), and
 * the backup fails with {@code JobFailed}, saying what the status can mean, where it stands for
 * several (3, 4, 5, 7). A success is never reported without the engine's result.
 */
public final class TerminationMessage {

  /** Reads result lines; a field a newer engine adds is passed over. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The engine's exit statuses that name one failure kind, as the contract assigns them. */
  private static final Map<Integer, BackupFailure> EXIT_STATUSES =
      Arrays.stream(BackupFailure.values())
          .collect(Collectors.groupingBy(BackupFailure::exitCode))
          .entrySet()
          .stream()
          .filter(kinds -> kinds.getValue().size() == 1)
          .collect(Collectors.toMap(Map.Entry::getKey, kinds -> kinds.getValue().get(0)));

  /**
   * The engine's exit statuses that stand for several failure kinds, with what they can mean: a
   * backup that ended with one of them and no readable line fails with JobFailed, never with one of
   * the kinds it may not be.
   */
  private static final Map<Integer, String> AMBIGUOUS_EXIT_STATUSES =
      Map.of(
          3,
          "a transient failure: no server answered, the server was busy, the database was"
              + " unavailable, every member was behind, or the object store could not be reached",
          4,
          "the servers or their history did not fit the backup: another cluster, another store,"
              + " a diverged history, pruned logs, or an answer that was not a valid backup; or an"
              + " object in the object store failed its check",
          5,
          "the target directory could not take the backup, or another backup held its lock",
          7,
          "credentials were refused: the backup port's authentication, or the object store's"
              + " (credentials, bucket policy or encryption key)");

  private static final int EXCERPT = 200;

  private TerminationMessage() {}

  /** What the engine reported in the backup container that ended in {@code terminated}. */
  public static EngineResult read(ContainerStateTerminated terminated) {
    String line = lastLine(terminated.getMessage());
    Optional<ResultLine> result = parse(line);
    if (result.isPresent() && ResultLine.FAILED.equals(result.get().status())) {
      return failed(result.get());
    }
    if (result.isPresent()
        && ResultLine.SUCCEEDED.equals(result.get().status())
        && complete(result.get().result())) {
      return succeeded(result.get().result());
    }
    return unreadable(terminated, line);
  }

  /** The engine's line {@code line}, or empty when it is not one. */
  static Optional<ResultLine> parse(String line) {
    try {
      return Optional.ofNullable(JSON.readValue(line, ResultLine.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The last line of {@code message}, where the engine's line is. */
  static String lastLine(String message) {
    if (message == null) {
      return "";
    }
    String[] lines = message.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  /** Whether a success carries everything a backup's status needs. */
  private static boolean complete(BackupResult result) {
    return result != null
        && result.mode() != null
        && result.target() != null
        && result.database() != null
        && result.storeId() != null
        && result.member() != null
        && result.duration() != null;
  }

  private static EngineResult succeeded(BackupResult result) {
    return new EngineResult.Succeeded(
        switch (result.mode()) {
          case FULL -> BackupMode.Full;
          case INCREMENTAL -> BackupMode.Incremental;
        },
        result.target(),
        result.database(),
        result.storeId(),
        result.member(),
        result.clusterName(),
        result.firstTxId(),
        result.lastTxId(),
        result.bytes(),
        result.files(),
        result.duration(),
        result.verified() == null
            ? VerificationResult.Skipped
            : result.verified() ? VerificationResult.Passed : VerificationResult.Failed,
        result.verification(),
        result.window(),
        result.drill(),
        result.phases());
  }

  private static EngineResult failed(ResultLine line) {
    String message = line.message() == null ? "" : line.message();
    if (line.drilled() != null && line.failureKind().orElse(null) == BackupFailure.VERIFICATION) {
      return new EngineResult.Failed(
          FailureReason.VerificationFailed,
          EngineFailure.drillFailed(message, line.drilled()),
          line.drilled());
    }
    return line.failureKind()
        .map(EngineFailure::of)
        .<EngineResult>map(
            failure -> new EngineResult.Failed(failure.reason(), failure.message(message)))
        .orElseGet(
            () ->
                new EngineResult.Failed(
                    FailureReason.JobFailed,
                    EngineFailure.of(BackupFailure.INTERNAL)
                        .message(
                            "The engine failed with a kind this operator does not know ("
                                + line.failure()
                                + "; is the engine image newer than the operator?): "
                                + message)));
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
    BackupFailure kind = exitCode == null ? null : EXIT_STATUSES.get(exitCode);
    if (kind != null) {
      EngineFailure failure = EngineFailure.of(kind);
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

  private static String excerpt(String line) {
    return line.length() <= EXCERPT ? line : line.substring(0, EXCERPT) + "...";
  }
}

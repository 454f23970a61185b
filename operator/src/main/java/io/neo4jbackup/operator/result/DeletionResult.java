package io.neo4jbackup.operator.result;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.ResultLine;
import java.util.Optional;

/**
 * What {@code neo4j-backup delete DIR -json} reported in a chain-deletion container that ended: the
 * last line of its termination message, a {@link ResultLine} that names the directory it {@code
 * deleted}, or the failure line backups print. Without a readable line the exit status says what it
 * can.
 */
public sealed interface DeletionResult {

  /** The engine deleted the directory (or found none). */
  record Deleted(String directory) implements DeletionResult {}

  /**
   * The engine deleted nothing: {@code kind} is its failure kind (null when unknown), {@code
   * message} what it said.
   */
  record Failed(BackupFailure kind, String message) implements DeletionResult {

    /** Whether a backup or a restore held the directory's lock: worth trying again later. */
    public boolean locked() {
      return kind == BackupFailure.TARGET_BUSY;
    }
  }

  /** The result {@code terminated} holds. */
  static DeletionResult read(ContainerStateTerminated terminated) {
    String line = TerminationMessage.lastLine(terminated.getMessage());
    Optional<ResultLine> result = TerminationMessage.parse(line);
    if (result.isPresent() && ResultLine.SUCCEEDED.equals(result.get().status())) {
      return new Deleted(result.get().deleted());
    }
    if (result.isPresent() && ResultLine.FAILED.equals(result.get().status())) {
      ResultLine failed = result.get();
      String said = failed.message() == null ? "" : failed.message();
      return new Failed(failed.failureKind().orElse(null), failed.failure() + ": " + said);
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

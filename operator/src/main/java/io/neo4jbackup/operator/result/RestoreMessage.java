package io.neo4jbackup.operator.result;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.RestoreResult;
import io.neo4jbackup.contract.ResultLine;
import java.util.Optional;

/**
 * What {@code neo4j-backup restore ... -json} reported in a restore container that ended: the last
 * line of its termination message, a {@link ResultLine} with what it {@code restored}, or the
 * failure line the engine prints for every command, mapped to a {@link RestoreFailureReason}. The
 * engine leaves the database's folders as they were whenever it fails, and the messages say so. A
 * success is never reported without the engine's line.
 */
public sealed interface RestoreMessage {

  /** The engine put the backup in place. */
  record Restored(RestoreResult result) implements RestoreMessage {}

  /** The engine restored nothing, for {@code reason}; {@code message} says what and what to do. */
  record Failed(RestoreFailureReason reason, String message) implements RestoreMessage {}

  /** What the restore container that ended in {@code terminated} reported. */
  static RestoreMessage read(ContainerStateTerminated terminated) {
    String line = TerminationMessage.lastLine(terminated.getMessage());
    Optional<ResultLine> parsed = TerminationMessage.parse(line);
    if (parsed.isPresent()
        && ResultLine.SUCCEEDED.equals(parsed.get().status())
        && parsed.get().restored() != null
        && parsed.get().restored().database() != null) {
      return new Restored(parsed.get().restored());
    }
    if (parsed.isPresent() && ResultLine.FAILED.equals(parsed.get().status())) {
      ResultLine failed = parsed.get();
      String said = failed.message() == null ? "" : failed.message();
      return failed(failed.failureKind().orElse(null), failed.failure(), said);
    }
    if ("OOMKilled".equals(terminated.getReason())) {
      return new Failed(
          RestoreFailureReason.JobFailed,
          "The restore container ran out of memory (OOMKilled): raise"
              + " spec.job.resources.limits.memory in a new Neo4jRestore (verification needs"
              + " memory in proportion to the store). "
              + UNCHANGED);
    }
    return new Failed(
        RestoreFailureReason.JobFailed,
        "The restore container exited with status "
            + terminated.getExitCode()
            + (line.isEmpty()
                ? " and no result"
                : " without a result the operator can read ('" + excerpt(line) + "')")
            + ": see the restore pod's logs. "
            + UNCHANGED);
  }

  /** What every failure message ends with: the engine undoes a restore that fails. */
  String UNCHANGED =
      "A failed restore leaves the database's folders as they were (a killed one may leave its"
          + " copy, .neo4j-backup-restoring-<database>, which the next restore removes).";

  /**
   * A failure of kind {@code kind} (null: unknown, named {@code name}), the engine said {@code
   * said}.
   */
  private static Failed failed(BackupFailure kind, String name, String said) {
    String engine = "The engine refused or failed the restore (" + name + "): " + said + " ";
    if (kind == null) {
      return new Failed(RestoreFailureReason.JobFailed, engine + UNCHANGED);
    }
    return switch (kind) {
      case USAGE ->
          new Failed(
              RestoreFailureReason.InvalidSpec,
              engine
                  + "Check spec.source.until or untilTransaction against the chain's recovery"
                  + " window, and the database name, in a new Neo4jRestore. "
                  + UNCHANGED);
      case TARGET_BUSY ->
          new Failed(
              RestoreFailureReason.SourceBusy,
              engine
                  + "A backup or a chain deletion held the backup's lock: retry with a new"
                  + " Neo4jRestore once it has finished. "
                  + UNCHANGED);
      case TARGET ->
          new Failed(
              RestoreFailureReason.TargetInUse,
              engine
                  + "Neo4j's data directory was in use or not writable: check that nothing else"
                  + " mounts the data claim, then retry with a new Neo4jRestore. "
                  + UNCHANGED);
      case VERIFICATION ->
          new Failed(
              RestoreFailureReason.VerificationFailed,
              engine
                  + "The restored copy is not consistent and replaced nothing: restore another"
                  + " backup or point. "
                  + UNCHANGED);
      default -> new Failed(RestoreFailureReason.JobFailed, engine + UNCHANGED);
    };
  }

  private static String excerpt(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}

package io.neo4jbackup.operator.result;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.ResultLine;
import java.util.Optional;

/**
 * What {@code neo4j-backup drill DIR ... -json} reported in a drill container that ended: the last
 * line of its termination message, whose {@code drilled} says what the query answered (on the line
 * of a drill that passed and on the failure line of one that did not), or a failure without an
 * answer (the backup could not be copied or booted, say). Without a readable line the exit status
 * says what it can.
 */
public sealed interface DrillOutcome {

  /** The query answered; {@code drilled} says whether as expected, {@code message} why not. */
  record Answered(DrillResult drilled, String message) implements DrillOutcome {}

  /** The drill never answered: {@code message} says why. */
  record NoAnswer(String message) implements DrillOutcome {}

  /** Whether the drill passed. */
  default boolean passed() {
    return this instanceof Answered answered && answered.drilled().passed();
  }

  /** The result {@code terminated} holds. */
  static DrillOutcome read(ContainerStateTerminated terminated) {
    String line = TerminationMessage.lastLine(terminated.getMessage());
    Optional<ResultLine> result = TerminationMessage.parse(line);
    if (result.isPresent() && result.get().drilled() != null) {
      DrillResult drilled = result.get().drilled();
      String message =
          drilled.passed()
              ? null
              : result.get().message() != null
                  ? result.get().message()
                  : ResultLine.drillFailure(drilled);
      return new Answered(drilled, message);
    }
    if (result.isPresent() && ResultLine.FAILED.equals(result.get().status())) {
      ResultLine failed = result.get();
      return new NoAnswer(
          "the drill failed with "
              + failed.failure()
              + (failed.message() == null ? "" : ": " + failed.message()));
    }
    return new NoAnswer(
        "the drill container exited with status "
            + terminated.getExitCode()
            + (line.isEmpty()
                ? " and no result"
                : " without a result the operator can read ('"
                    + (line.length() <= 200 ? line : line.substring(0, 200) + "...")
                    + "')")
            + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
            + "; see the drill pod's logs");
  }
}

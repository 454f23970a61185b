package io.neo4jbackup.operator.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a restore container's termination message says, read from the engine's own lines. */
class RestoreMessageTest {

  @Test
  void aRestoredLineGivesWhatWasRestored() throws IOException {
    RestoreMessage message = RestoreMessage.read(terminated(0, golden("restore-succeeded.json")));

    assertThat(message)
        .isInstanceOfSatisfying(
            RestoreMessage.Restored.class,
            restored -> {
              assertThat(restored.result().database()).isEqualTo("neo4j");
              assertThat(restored.result().lastTxId()).isEqualTo(1171);
              assertThat(restored.result().keptAside()).hasSize(2);
            });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "failed-usage.json, InvalidSpec",
    "failed-target-busy.json, SourceBusy",
    "failed-target.json, TargetInUse",
    "failed-verification.json, VerificationFailed",
    "failed-internal.json, JobFailed",
  })
  void anEngineFailureHasAFixedReasonTheEnginesMessageAndSaysNothingWasReplaced(
      String golden, RestoreFailureReason reason) throws IOException {
    RestoreMessage message = RestoreMessage.read(terminated(2, golden(golden)));

    assertThat(message)
        .isInstanceOfSatisfying(
            RestoreMessage.Failed.class,
            failed -> {
              assertThat(failed.reason()).isEqualTo(reason);
              assertThat(failed.message()).contains("what the engine says", "as they were");
            });
  }

  @Test
  void aContainerWithoutTheEnginesLineIsAJobFailureNeverASuccess() {
    assertThat(RestoreMessage.read(terminated(0, "restored, trust me")))
        .isInstanceOfSatisfying(
            RestoreMessage.Failed.class,
            failed -> {
              assertThat(failed.reason()).isEqualTo(RestoreFailureReason.JobFailed);
              assertThat(failed.message()).contains("status 0", "restored, trust me");
            });
  }

  private static ContainerStateTerminated terminated(int exitCode, String message) {
    return new ContainerStateTerminatedBuilder()
        .withExitCode(exitCode)
        .withMessage(message)
        .build();
  }

  private static String golden(String name) throws IOException {
    return Files.readString(Path.of("../engine/contract/golden", name));
  }
}

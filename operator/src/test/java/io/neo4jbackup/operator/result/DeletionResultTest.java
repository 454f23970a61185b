package io.neo4jbackup.operator.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeletionResultTest {

  @Test
  void aDeletionTheEngineCompletedNamesTheDirectory() {
    DeletionResult result =
        DeletionResult.read(
            terminated(
                "{\"status\":\"succeeded\",\"deleted\":\"/backup/neo4j/prod/chain-20260110T023000Z\"}",
                0));

    assertThat(result)
        .isEqualTo(new DeletionResult.Deleted("/backup/neo4j/prod/chain-20260110T023000Z"));
  }

  @ParameterizedTest(name = "{0} (exit {1}) -> locked: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"status":"failed","failure":"TARGET_BUSY","message":"a backup holds the lock"} | 5 | true  | TARGET_BUSY: a backup holds the lock
          {"status":"failed","failure":"TARGET","message":"not a backup"}                 | 5 | false | TARGET: not a backup
          {"status":"failed","failure":"QUOTA","message":"new kind"}                      | 9 | false | QUOTA: new kind
          sh: neo4j-backup: not found                                                      | 127 | false | exited with status 127 without a result ('sh: neo4j-backup: not found')
          ''                                                                               | 5 | false | exited with status 5 and no result
          """)
  void aFailedDeletionSaysWhetherALockWasHeld(
      String message, int exitCode, boolean locked, String says) {
    DeletionResult result = DeletionResult.read(terminated(message, exitCode));

    assertThat(result).isInstanceOf(DeletionResult.Failed.class);
    DeletionResult.Failed failed = (DeletionResult.Failed) result;
    assertThat(failed.locked()).isEqualTo(locked);
    assertThat(failed.message()).contains(says);
  }

  private static ContainerStateTerminated terminated(String message, int exitCode) {
    return new ContainerStateTerminatedBuilder()
        .withMessage(message)
        .withExitCode(exitCode)
        .build();
  }
}

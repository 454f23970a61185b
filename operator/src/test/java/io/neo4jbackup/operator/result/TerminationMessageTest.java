package io.neo4jbackup.operator.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.RecoveryWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminationMessageTest {

  private static final String SUCCEEDED =
      """
      {"status":"succeeded","result":{"mode":"FULL","target":"/backup/neo4j/nightly",\
      "database":"neo4j","storeId":"a1b2-c3","member":"neo4j.db.svc.cluster.local:6362",\
      "clusterName":"production","firstTxId":1,"lastTxId":9,"bytes":123,"files":36,\
      "duration":"PT8.1S","verified":true,"verification":"no inconsistencies"}}""";

  @Test
  void aSuccessCarriesWhatTheEngineDid() {
    EngineResult result = TerminationMessage.read(terminated(SUCCEEDED, 0));

    assertThat(result)
        .isEqualTo(
            new EngineResult.Succeeded(
                BackupMode.Full,
                "/backup/neo4j/nightly",
                "neo4j",
                "a1b2-c3",
                "neo4j.db.svc.cluster.local:6362",
                "production",
                1,
                9,
                123,
                36,
                Duration.ofMillis(8100),
                VerificationResult.Passed,
                "no inconsistencies",
                null,
                null,
                null));
  }

  @Test
  void aSuccessCarriesTheChainsRecoveryWindowWhenTheEngineReportsOne() {
    String line =
        SUCCEEDED.replace(
            "}}",
            ",\"window\":{\"firstTxId\":5,\"firstTime\":\"2026-01-05T01:30:00.123Z\","
                + "\"lastTxId\":9,\"lastTime\":\"2026-01-07T01:30:02Z\"}}}");

    EngineResult.Succeeded result =
        (EngineResult.Succeeded) TerminationMessage.read(terminated(line, 0));

    assertThat(result.window())
        .isEqualTo(
            new RecoveryWindow(
                5,
                Instant.parse("2026-01-05T01:30:00.123Z"),
                9,
                Instant.parse("2026-01-07T01:30:02Z")));
  }

  @ParameterizedTest(name = "mode {0}, verified {1} -> {2}, {3}")
  @CsvSource({
    "INCREMENTAL, true,  Incremental, Passed",
    "FULL,        false, Full,        Failed",
    "INCREMENTAL, null,  Incremental, Skipped",
  })
  void readsTheModeTakenAndTheVerification(
      String engineMode, String verified, BackupMode mode, VerificationResult verification) {
    String line =
        SUCCEEDED
            .replace("\"FULL\"", "\"" + engineMode + "\"")
            .replace("\"verified\":true", "\"verified\":" + verified);

    EngineResult.Succeeded result =
        (EngineResult.Succeeded) TerminationMessage.read(terminated(line, 0));

    assertThat(result.mode()).isEqualTo(mode);
    assertThat(result.verification()).isEqualTo(verification);
  }

  @Test
  void readsTheLastLineWhenLibrariesPrintedBeforeIt() {
    EngineResult result =
        TerminationMessage.read(terminated("INFO recovery done\n" + SUCCEEDED + "\n", 0));

    assertThat(result).isInstanceOf(EngineResult.Succeeded.class);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # engine failure | exit | reason             | the message says what to do
          CONNECTION       | 3    | Unreachable        | NetworkPolicy
          SERVER_BUSY      | 3    | ServerBusy         | This is transient
          DATABASE_UNAVAILABLE | 3 | DatabaseUnavailable | SHOW DATABASES
          BEHIND           | 3    | MemberBehind       | go back in time
          AUTHENTICATION   | 7    | AuthenticationFailed | spec.tls.secretName
          WRONG_CLUSTER    | 4    | WrongCluster       | spec.cluster
          OTHER_STORE      | 4    | OtherStore         | mode Full with spec.replace: true
          DIVERGED         | 4    | Diverged           | another checksum
          LOGS_PRUNED      | 4    | LogsPruned         | spec.fallbackToFull
          PROTOCOL         | 4    | Integrity          | not Bolt's 7687
          TARGET           | 5    | InvalidSpec        | mode Full and spec.replace: true
          VERIFICATION     | 6    | VerificationFailed | do not rely on it
          USAGE            | 2    | InvalidSpec        | spec.database
          INTERNAL         | 1    | JobFailed          | pod's logs
          """)
  void eachEngineFailureHasItsReasonAndAdvice(
      String failure, int exitCode, FailureReason reason, String advice) {
    String line =
        "{\"status\":\"failed\",\"failure\":\""
            + failure
            + "\",\"exitCode\":"
            + exitCode
            + ",\"message\":\"what the engine saw\"}";

    EngineResult result = TerminationMessage.read(terminated(line, exitCode));

    assertThat(result).isInstanceOf(EngineResult.Failed.class);
    EngineResult.Failed failed = (EngineResult.Failed) result;
    assertThat(failed.reason()).isEqualTo(reason);
    assertThat(failed.message()).startsWith("what the engine saw. ").contains(advice);
  }

  @Test
  void anEngineFailureOfAKindThisOperatorDoesNotKnowIsAJobFailure() {
    String line =
        "{\"status\":\"failed\",\"failure\":\"QUOTA\",\"exitCode\":7,\"message\":\"over quota\"}";

    EngineResult.Failed failed = (EngineResult.Failed) TerminationMessage.read(terminated(line, 7));

    assertThat(failed.reason()).isEqualTo(FailureReason.JobFailed);
    assertThat(failed.message()).contains("QUOTA", "over quota", "newer than the operator");
  }

  @ParameterizedTest(name = "''{0}'' with exit status {1} ({2}) -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          # termination message                   | exit | container reason | reason        | message
          null                                     | 3    | Error     | JobFailed          | status 3 means a transient failure: no server answered, the server was busy
          ''                                       | 6    | Error     | VerificationFailed | exited with status 6 and no result
          ''                                       | 7    | Error     | JobFailed          | status 7 means credentials were refused: the backup port's authentication, or the object store's
          ...ted","message":"cut by the kubelet"}  | 5    | Error     | JobFailed          | ('...ted","message":"cut by the kubelet"}') (status 5 means the target directory could not take the backup, or another backup held its lock)
          Error: Unable to access jarfile          | 2    | Error     | InvalidSpec        | exited with status 2 without a result
          {"status":"failed","failure":"PROTO      | 4    | Error     | JobFailed          | (status 4 means the servers or their history did not fit the backup
          {"status":"succeeded"}                   | 0    | Completed | JobFailed          | the target may hold a new backup
          {"status":"succeeded","result":{"mode":"DIFFERENTIAL"}} | 0 | Completed | JobFailed | supports -json
          {"status":"running"}                     | 1    | Error     | JobFailed          | exited with status 1
          [1,2,3]                                  | 1    | Error     | JobFailed          | exited with status 1
          sh: neo4j-backup: not found              | 127  | Error     | JobFailed          | exited with status 127
          null                                     | 137  | OOMKilled | JobFailed          | spec.job.resources.limits.memory
          null                                     | 143  | Error     | JobFailed          | exited with status 143 and no result
          """)
  void withoutAReadableResultTheExitStatusDecidesWhereItIsUnambiguous(
      String message, int exitCode, String containerReason, FailureReason reason, String says) {
    ContainerStateTerminated terminated =
        new ContainerStateTerminatedBuilder()
            .withMessage(message)
            .withExitCode(exitCode)
            .withReason(containerReason)
            .build();

    EngineResult.Failed failed = (EngineResult.Failed) TerminationMessage.read(terminated);

    assertThat(failed.reason()).isEqualTo(reason);
    assertThat(failed.message()).contains(says);
  }

  @Test
  void quotesOnlyTheStartOfALongUnreadableMessage() {
    EngineResult.Failed failed =
        (EngineResult.Failed) TerminationMessage.read(terminated("x".repeat(5000), 1));

    assertThat(failed.message()).contains("x".repeat(200) + "...").doesNotContain("x".repeat(201));
  }

  private static ContainerStateTerminated terminated(String message, int exitCode) {
    return new ContainerStateTerminatedBuilder()
        .withMessage(message)
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .build();
  }
}

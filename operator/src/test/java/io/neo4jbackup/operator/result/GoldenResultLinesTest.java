package io.neo4jbackup.operator.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.RestoreResult;
import io.neo4jbackup.contract.ResultLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator reads what the engine really prints: the contract's golden lines ({@code
 * engine/contract/golden/}), written by the engine's own tests (a real backup's success line, the
 * failure line of every failure kind, a deletion's line, a restore's line).
 */
class GoldenResultLinesTest {
  static final Path GOLDEN = Path.of("../engine/contract/golden");

  static String golden(String name) throws IOException {
    return Files.readString(GOLDEN.resolve(name));
  }

  static ContainerStateTerminated terminated(String message, int exitCode) {
    return new ContainerStateTerminatedBuilder()
        .withMessage(message)
        .withExitCode(exitCode)
        .withReason(exitCode == 0 ? "Completed" : "Error")
        .build();
  }

  @Test
  void aRealBackupsSuccessLineBecomesTheBackupsStatus() throws IOException {
    String line = golden("backup-succeeded.json");
    JsonNode said = new ObjectMapper().readTree(line).path("result");

    EngineResult.Succeeded result =
        (EngineResult.Succeeded) TerminationMessage.read(terminated(line, 0));

    assertThat(result.mode().name()).isEqualToIgnoringCase(said.path("mode").asText());
    assertThat(result.target()).isEqualTo(said.path("target").asText());
    assertThat(result.database()).isEqualTo(said.path("database").asText());
    assertThat(result.storeId()).isEqualTo(said.path("storeId").asText());
    assertThat(result.member()).isEqualTo(said.path("member").asText());
    assertThat(result.clusterName()).isEqualTo(said.path("clusterName").asText());
    assertThat(result.firstTransactionId()).isEqualTo(said.path("firstTxId").asLong());
    assertThat(result.lastTransactionId()).isEqualTo(said.path("lastTxId").asLong());
    assertThat(result.bytes()).isEqualTo(said.path("bytes").asLong());
    assertThat(result.files()).isEqualTo(said.path("files").asInt());
    assertThat(result.duration()).isEqualTo(Duration.parse(said.path("duration").asText()));
    assertThat(result.verification()).isEqualTo(VerificationResult.Passed);
    assertThat(result.verificationSummary()).isEqualTo(said.path("verification").asText());
    assertThat(result.phases())
        .extracting(phase -> phase.phase())
        .containsExactly(
            "jvm",
            "startUp",
            "connecting",
            "transferring",
            "recovering",
            "verifying",
            "publishing");
    assertThat(result.phases().get(0).duration())
        .isEqualTo(Duration.parse(said.path("phases").get(0).path("duration").asText()));
    JsonNode window = said.path("window");
    assertThat(result.window().firstTxId()).isEqualTo(window.path("firstTxId").asLong());
    assertThat(result.window().firstTime())
        .isEqualTo(Instant.parse(window.path("firstTime").asText()));
    assertThat(result.window().lastTxId()).isEqualTo(window.path("lastTxId").asLong());
    assertThat(result.window().lastTime())
        .isEqualTo(Instant.parse(window.path("lastTime").asText()));
  }

  @ParameterizedTest
  @EnumSource(BackupFailure.class)
  void everyFailureKindTheEngineNamesHasItsReasonAndAdvice(BackupFailure kind) throws IOException {
    String file = "failed-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
    String line = golden(file);

    EngineResult.Failed result =
        (EngineResult.Failed) TerminationMessage.read(terminated(line, kind.exitCode()));

    assertThat(result.reason()).isEqualTo(EngineFailure.of(kind).reason());
    assertThat(result.message())
        .startsWith("what the engine says of a " + kind + " failure. ")
        .endsWith(EngineFailure.of(kind).advice());
  }

  @Test
  void aDeletionsLineNamesTheDirectory() throws IOException {
    DeletionResult result = DeletionResult.read(terminated(golden("deleted.json"), 0));

    assertThat(result)
        .isEqualTo(new DeletionResult.Deleted("/backup/neo4j/nightly/chain-20260105T013000Z"));
  }

  @Test
  void aLockedDeletionIsToldApartFromOtherFailures() throws IOException {
    DeletionResult busy = DeletionResult.read(terminated(golden("failed-target-busy.json"), 5));
    DeletionResult target = DeletionResult.read(terminated(golden("failed-target.json"), 5));

    assertThat(((DeletionResult.Failed) busy).locked()).isTrue();
    assertThat(((DeletionResult.Failed) target).locked()).isFalse();
  }

  @Test
  void aRestoresLineSaysWhatWasRestoredUpToWhichTransactionAndWhereTheOldFoldersAre()
      throws IOException {
    ResultLine line = TerminationMessage.parse(golden("restore-succeeded.json")).orElseThrow();

    assertThat(line.status()).isEqualTo(ResultLine.SUCCEEDED);
    RestoreResult restored = line.restored();
    assertThat(restored.database()).isEqualTo("neo4j");
    assertThat(restored.lastTxId()).isEqualTo(1171);
    assertThat(restored.lastCommitTime()).isEqualTo(Instant.parse("2026-12-05T14:04:59.123Z"));
    assertThat(restored.keptAside()).hasSize(2);
    assertThat(restored.verified()).isTrue();
  }
}

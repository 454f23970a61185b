package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.MemberOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The -json failure line fits what Kubernetes keeps of a termination message (4 KiB), however many
 * members failed and however long their reasons, and stays valid JSON naming the failure.
 */
class JsonFailureLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aShortFailureIsWrittenWhole() throws Exception {
    BackupException failure =
        new BackupException(
            BackupFailure.CONNECTION,
            "no member answered",
            null,
            List.of(member(0, "connection refused")));

    JsonNode line = JSON.readTree(Neo4jBackupCommand.Output.failureLine(failure));

    assertThat(line.path("message").asText()).isEqualTo("no member answered");
    assertThat(line.path("members").get(0).path("reason").asText()).isEqualTo("connection refused");
  }

  @Test
  void manyMembersWithLongReasonsAreShortenedToFit() throws Exception {
    String reason = "the TLS certificate of the member was refused: " + "x".repeat(600);
    List<MemberOutcome> members = IntStream.range(0, 9).mapToObj(i -> member(i, reason)).toList();
    BackupException failure =
        new BackupException(
            BackupFailure.AUTHENTICATION,
            "no member of ha://... could serve: " + "y".repeat(5000),
            null,
            members);

    String text = Neo4jBackupCommand.Output.failureLine(failure);
    JsonNode line = JSON.readTree(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(io.neo4jbackup.contract.ResultLine.MAX_BYTES);
    assertThat(line.path("failure").asText()).isEqualTo("AUTHENTICATION");
    assertThat(line.path("exitCode").asInt()).isEqualTo(7);
    assertThat(line.path("message").asText()).startsWith("no member of ha://... could serve:");
    assertThat(line.path("members")).hasSize(9);
    assertThat(line.path("members").get(8).path("reason").asText())
        .startsWith("the TLS certificate of the member was refused:")
        .endsWith("…");
  }

  private static MemberOutcome member(int i, String reason) {
    return new MemberOutcome(
        "neo4j-" + i + ".neo4j.graph.svc.cluster.local:6362",
        MemberOutcome.Outcome.FAILED,
        BackupFailure.AUTHENTICATION,
        reason);
  }
}

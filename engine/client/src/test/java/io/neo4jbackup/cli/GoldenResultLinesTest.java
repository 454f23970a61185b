package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.contract.ResultLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lines the engine prints with {@code -json} are the contract's golden files ({@code
 * engine/contract/golden/}), which the operator's tests read as the engine's own words: a failure
 * line for every failure kind, a deletion's line and a restore's (a backup's success line is
 * checked against its golden file by {@code FullBackupIT}, from a real backup), and the lines of a
 * restore drill that passed and one that failed. {@code -Dgolden.write=true} writes the files
 * instead of checking them.
 */
class GoldenResultLinesTest {
  static final Path GOLDEN = Path.of("../contract/golden");
  static final boolean WRITE = Boolean.getBoolean("golden.write");

  @TempDir Path work;

  static void assertGolden(String name, String line) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (WRITE) {
      Files.writeString(file, line.strip() + "\n");
    }
    assertThat(file).as("golden file %s (write it with -Dgolden.write=true)", file).exists();
    assertThat(line.strip())
        .as("the engine's line against %s", file)
        .isEqualTo(Files.readString(file).strip());
  }

  /** The golden file of a failure kind's line. */
  static String failureFile(BackupFailure kind) {
    return "failed-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
  }

  @ParameterizedTest
  @EnumSource(BackupFailure.class)
  void everyFailureKindPrintsTheLineOfItsGoldenFile(BackupFailure kind) throws IOException {
    List<MemberOutcome> members =
        kind == BackupFailure.BEHIND
            ? List.of(
                MemberOutcome.failed(
                    "neo4j-0.neo4j.db.svc.cluster.local:6362",
                    BackupFailure.BEHIND,
                    "neo4j-0.neo4j.db.svc.cluster.local:6362 is behind the backup in /backup/neo4j:"
                        + " its last committed transaction is 40, below 50"),
                MemberOutcome.failed(
                    "neo4j-1.neo4j.db.svc.cluster.local:6362",
                    BackupFailure.CONNECTION,
                    "connection to neo4j-1.neo4j.db.svc.cluster.local:6362 refused"))
            : List.of();
    BackupException failure =
        new BackupException(kind, "what the engine says of a " + kind + " failure", null, members);

    assertGolden(failureFile(kind), Neo4jBackupCommand.Output.failureLine(failure));
  }

  @Test
  void aDeletionPrintsTheLineOfItsGoldenFile() throws IOException {
    Path chain = work.resolve("chain-20260105T013000Z");
    StringWriter out = new StringWriter();
    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "delete",
            chain.toString(),
            "-json");

    assertThat(status).isZero();
    assertGolden("deleted.json", out.toString().replace(work.toString(), "/backup/neo4j/nightly"));
  }

  /** The drill of the golden files: the query asks whether any customer was restored. */
  static DrillResult drill(String actual) {
    return new DrillResult(
        "neo4j",
        1171,
        Instant.parse("2026-12-05T14:04:59.123Z"),
        "MATCH (n:Customer) RETURN count(n) > 0",
        "true",
        actual,
        actual.equals("true"),
        Duration.ofMillis(4200));
  }

  @Test
  void aDrillThatPassedPrintsTheLineOfItsGoldenFile() throws IOException {
    assertGolden(
        "drill-succeeded.json", Neo4jBackupCommand.Output.write(ResultLine.drilled(drill("true"))));
  }

  @Test
  void aDrillThatFailedPrintsTheLineOfItsGoldenFile() throws IOException {
    assertGolden(
        "drill-failed.json", Neo4jBackupCommand.Output.write(ResultLine.drilled(drill("false"))));
  }

  @Test
  void aBackupWhoseDrillFailedPrintsTheFailedDrillsLineWithWhatBecameOfTheBackup() {
    BackupException failure =
        BackupException.drillFailed(drill("false"), "the new backup was not published");

    String line = Neo4jBackupCommand.Output.failureLine(failure);

    assertThat(line)
        .startsWith(
            "{\"status\":\"failed\",\"failure\":\"VERIFICATION\",\"exitCode\":6,\"message\":\"restore drill"
                + " failed: the query MATCH (n:Customer) RETURN count(n) > 0 answered false on"
                + " neo4j at transaction 1171, expected true; the new backup was not published\"")
        .endsWith(
            ",\"drilled\":{\"database\":\"neo4j\",\"lastTxId\":1171,\"lastCommitTime\":"
                + "\"2026-12-05T14:04:59.123Z\",\"query\":\"MATCH (n:Customer) RETURN count(n) > 0\","
                + "\"expected\":\"true\",\"actual\":\"false\",\"passed\":false,\"duration\":"
                + "\"PT4.2S\"}}");
  }

  @Test
  void aRestorePrintsTheLineOfItsGoldenFile() throws IOException {
    Restore.Result restored =
        new Restore.Result(
            "neo4j",
            1171,
            Instant.parse("2026-12-05T14:04:59.123Z"),
            Path.of("/data/databases/neo4j"),
            Path.of("/data/transactions/neo4j"),
            List.of(
                Path.of("/data/databases/neo4j.before-restore-20261205T160000Z"),
                Path.of("/data/transactions/neo4j.before-restore-20261205T160000Z")),
            true);

    assertGolden(
        "restore-succeeded.json", Neo4jBackupCommand.Output.write(RestoreCommand.line(restored)));
  }
}

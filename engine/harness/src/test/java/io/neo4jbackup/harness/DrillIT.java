package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.BackupDirectory;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Drill;
import io.neo4jbackup.client.DrillScratch;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.EngineArguments;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * Restore drills against backups of a real Neo4j server: a copy of the backup boots read-only and
 * answers the owner's question, or the drill fails saying what it answered; the backup is never
 * changed, the scratch copy never left behind, and a backup whose drill fails is not published. One
 * server, three customers at first; the drills share one full backup where they can.
 */
class DrillIT {
  static final String COUNT = "MATCH (c:Customer) RETURN count(c)";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Neo4jServer server;
  static Path backup;
  static Path scratch;
  static int directories;

  @BeforeAll
  static void start() {
    // Small log files, so that a chain holds several and a drill copies only the newest.
    server = Neo4jServer.start(work.resolve("neo4j"), Map.of("db.tx_log.rotation.size", "128k"));
    write("UNWIND ['Ada', 'Grace', 'Edsger'] AS name CREATE (:Customer {name: name})");
    backup = newTarget();
    OnlineBackup.from(server.backupUri()).full(backup);
    scratch = work.resolve("scratch");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static void write(String query) {
    try (Session session = server.driver().session()) {
      session.run(query).consume();
    }
  }

  static Path newTarget() {
    return work.resolve("backups-" + ++directories).resolve("backup");
  }

  record Run(int exitCode, String out) {
    JsonNode line() throws IOException {
      return JSON.readTree(out.lines().reduce((first, second) -> second).orElseThrow());
    }
  }

  static Run cli(List<String> arguments) {
    StringWriter out = new StringWriter();
    int exitCode =
        Neo4jBackupCommand.run(
            new PrintWriter(out, true),
            new PrintWriter(out, true),
            arguments.toArray(String[]::new));
    return new Run(exitCode, out.toString());
  }

  /** Every file of the backup in {@code root} and beside it (its lock), by path and content. */
  static Map<String, String> treeHash(Path root) {
    return Trees.fingerprint(root.getParent());
  }

  static DrillResult drill(String query, String expected) {
    return new Drill(scratch).run(backup, query, expected);
  }

  static void assertScratchRemoved() throws IOException {
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left.toList()).as("what the drills left in %s", scratch).isEmpty();
    }
  }

  @Test
  void aDrillWhoseQueryGivesTheExpectedAnswerPassesAndLeavesTheBackupAsItWas() throws Exception {
    Map<String, String> before = treeHash(backup);

    Run run = cli(EngineArguments.drill(backup.toString(), COUNT, " 3\n"));

    assertThat(run.exitCode()).as(run.out()).isZero();
    JsonNode line = run.line();
    assertThat(line.path("status").asText()).isEqualTo("succeeded");
    JsonNode drilled = line.path("drilled");
    assertThat(drilled.path("database").asText()).isEqualTo("neo4j");
    assertThat(drilled.path("lastTxId").asLong()).isEqualTo(Manifest.readFrom(backup).lastTxId());
    assertThat(drilled.path("lastCommitTime").asText()).isNotEmpty();
    assertThat(drilled.path("query").asText()).isEqualTo(COUNT);
    assertThat(drilled.path("actual").asText()).isEqualTo("3");
    assertThat(drilled.path("passed").asBoolean()).isTrue();
    assertThat(treeHash(backup)).as("the backup, byte for byte").isEqualTo(before);
  }

  @Test
  void aDrillWhoseQueryGivesAnotherAnswerFailsAsVerificationAndLeavesTheBackupAsItWas()
      throws Exception {
    Map<String, String> before = treeHash(backup);

    Run run = cli(EngineArguments.drill(backup.toString(), COUNT, "4"));

    assertThat(run.exitCode()).as(run.out()).isEqualTo(BackupFailure.VERIFICATION.exitCode());
    JsonNode line = run.line();
    assertThat(line.path("status").asText()).isEqualTo("failed");
    assertThat(line.path("failure").asText()).isEqualTo("VERIFICATION");
    assertThat(line.path("message").asText())
        .startsWith("restore drill failed: the query " + COUNT + " answered 3 on neo4j")
        .endsWith(", expected 4");
    assertThat(line.path("drilled").path("actual").asText()).isEqualTo("3");
    assertThat(line.path("drilled").path("passed").asBoolean()).isFalse();
    assertThat(treeHash(backup)).as("the backup, byte for byte").isEqualTo(before);
  }

  @Test
  void withoutJsonADrillSaysInWordsWhetherItPassed() {
    Run passed =
        cli(List.of("drill", backup.toString(), "-drill-query", COUNT, "-drill-expect", "3"));
    Run failed =
        cli(List.of("drill", backup.toString(), "-drill-query", COUNT, "-drill-expect", "5"));

    assertThat(passed.exitCode()).as(passed.out()).isZero();
    assertThat(passed.out())
        .startsWith("Restore drill passed: database 'neo4j' at transaction ")
        .contains("answered 3 to " + COUNT);
    assertThat(failed.exitCode()).as(failed.out()).isEqualTo(6);
    assertThat(failed.out())
        .startsWith("neo4j-backup: restore drill failed: the query " + COUNT + " answered 3");
  }

  @Test
  void theAnswerIsWrittenAsItsExpectedAnswerIs() throws IOException {
    assertThat(drill("MATCH (c:Customer) RETURN count(c) > 0", "true").passed()).isTrue();
    assertThat(drill("MATCH (c:Customer) RETURN c.name ORDER BY c.name LIMIT 1", "Ada").actual())
        .isEqualTo("Ada");
    assertThat(drill("MATCH (c:Customer) RETURN collect(c.name) AS names", "x").actual())
        .as("a list, as JSON")
        .startsWith("[\"")
        .contains("\"Grace\"");
    assertScratchRemoved();
  }

  @Test
  void aQueryThatRunsLongerThanTheBoundIsStoppedAndRefusedNamingTheBound() throws IOException {
    String query = "UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x)";

    assertThatThrownBy(() -> new Drill(scratch, Duration.ofSeconds(1)).run(backup, query, "0"))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessage(
            "the drill query "
                + query
                + " ran longer than 1000 ms and was stopped: a drill query answers in far less;"
                + " ask for less");
    assertScratchRemoved();
  }

  @Test
  void aSyntaxErrorIsBadUsageNamingTheQueryAndNeo4jsMessage() throws IOException {
    String query = "MATCH (c:Customer RETURN count(c)";

    assertThatThrownBy(() -> drill(query, "3"))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessageStartingWith("the drill query " + query + " cannot run")
        .hasMessageContaining("Invalid input");
    assertScratchRemoved();
  }

  @Test
  void aWriteIsBadUsageNamingTheQueryAndTheBackupStaysAsItWas() throws Exception {
    Map<String, String> before = treeHash(backup);
    String query = "CREATE (c:Customer {name: 'Mallory'}) RETURN count(c)";

    assertThatThrownBy(() -> drill(query, "1"))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessageStartingWith(
            "the drill query " + query + " cannot run on a read-only copy of the backup: ")
        .as("Neo4j's own message")
        .hasMessageMatching("(?is).*: .*write.*");
    assertThat(treeHash(backup)).isEqualTo(before);
    assertScratchRemoved();
  }

  @Test
  void severalRowsDoNotPassAndSayHowMany() throws IOException {
    DrillResult drilled = drill("MATCH (c:Customer) RETURN c.name", "Ada");

    assertThat(drilled.passed()).isFalse();
    assertThat(drilled.actual()).startsWith("3 rows");
    assertThat(drill("MATCH (c:Customer {name: 'Nobody'}) RETURN c.name", "Ada").actual())
        .startsWith("0 rows");
    assertScratchRemoved();
  }

  @Test
  void severalColumnsAreBadUsageSayingHowMany() throws IOException {
    assertThatThrownBy(() -> drill("MATCH (c:Customer) RETURN count(c), 1", "3"))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessageContaining("returns 2 columns");
    assertScratchRemoved();
  }

  @Test
  void aDrillCopiesTheLogsFromTheLatestCheckpointOnAndBootsOnThem() throws IOException {
    Path target = newTarget();
    OnlineBackup source = OnlineBackup.from(server.backupUri());
    source.full(target);
    for (int round = 0; round < 8; round++) {
      write("UNWIND range(1, 500) AS i CREATE (:Filler {i: i, text: '" + "x".repeat(200) + "'})");
    }
    source.incremental(target);
    List<Long> versions;
    try (Stream<Path> logs = Files.list(target.resolve("transactions/neo4j"))) {
      versions =
          logs.map(path -> path.getFileName().toString())
              .filter(name -> name.matches("neostore\\.transaction\\.db\\.[0-9]+"))
              .map(name -> Long.parseLong(name.substring(name.lastIndexOf('.') + 1)))
              .sorted()
              .toList();
    }
    assertThat(versions).as("the chain's log files").hasSizeGreaterThan(2);

    long firstCopied = DrillScratch.firstLogCopied(target, "neo4j");
    DrillResult drilled =
        new Drill(scratch).run(target, "MATCH (f:Filler) RETURN count(f)", "4000");

    assertThat(firstCopied)
        .as("the first log a drill copies, of %s", versions)
        .isGreaterThan(versions.get(0))
        .isLessThanOrEqualTo(versions.get(versions.size() - 1));
    assertThat(drilled.passed()).as(drilled.actual()).isTrue();
    assertScratchRemoved();
  }

  @Test
  void aDrillIsRefusedWhileABackupHoldsTheDirectory() throws IOException {
    try (BackupDirectory busy = BackupDirectory.open(backup)) {
      assertThatThrownBy(() -> drill(COUNT, "3"))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY));
    }
    assertScratchRemoved();
  }

  @Test
  void aBackupWhoseDrillFailsPublishesNothingAndLeavesThePreviousBackupAsItWas() throws Exception {
    Path target = newTarget();
    OnlineBackup source = OnlineBackup.from(server.backupUri());
    BackupResult first = source.full(target);
    write("CREATE (:Customer {name: 'Barbara'})");
    Map<String, String> before = treeHash(target);

    // A full backup over the earlier one, then an incremental into it: both drilled, both wrong.
    for (BackupMode mode : List.of(BackupMode.FULL, BackupMode.INCREMENTAL)) {
      Run run =
          cli(
              EngineArguments.backup(server.backupUri(), target.toString())
                  .mode(mode)
                  .drill(COUNT, "3")
                  .json()
                  .arguments());

      assertThat(run.exitCode()).as(run.out()).isEqualTo(BackupFailure.VERIFICATION.exitCode());
      JsonNode line = run.line();
      assertThat(line.path("failure").asText()).isEqualTo("VERIFICATION");
      assertThat(line.path("message").asText())
          .as(mode + " backup")
          .contains("answered 4")
          .contains(mode == BackupMode.FULL ? "not published" : "left as it was");
      assertThat(line.path("drilled").path("actual").asText()).isEqualTo("4");
      assertThat(line.path("drilled").path("lastTxId").asLong()).isGreaterThan(first.lastTxId());
      assertThat(treeHash(target)).as("after the failed %s backup", mode).isEqualTo(before);
    }

    BackupResult drilled = source.drill(COUNT, "4").incremental(target);

    assertThat(drilled.drill()).isNotNull();
    assertThat(drilled.drill().passed()).isTrue();
    assertThat(drilled.drill().lastTxId()).isEqualTo(drilled.lastTxId());
    assertThat(drilled.verified()).as("no consistency check was asked for").isNull();
    assertThat(Manifest.readFrom(target).lastTxId()).isEqualTo(drilled.lastTxId());
    assertThat(new Drill(scratch).run(target, COUNT, "4").passed()).isTrue();
  }

  @Test
  void aBackupWhoseDrillPassesSaysSoInItsLine() throws IOException {
    Path target = newTarget();

    Run run =
        cli(
            EngineArguments.backup(server.backupUri(), target.toString())
                .verify(true)
                .drill("MATCH (c:Customer {name: 'Ada'}) RETURN c.name", "Ada")
                .json()
                .arguments());

    assertThat(run.exitCode()).as(run.out()).isZero();
    JsonNode result = run.line().path("result");
    assertThat(result.path("verified").asBoolean()).isTrue();
    assertThat(result.path("drill").path("actual").asText()).isEqualTo("Ada");
    assertThat(result.path("drill").path("lastTxId").asLong())
        .isEqualTo(result.path("lastTxId").asLong());
    assertThat(Manifest.readFrom(target)).isNotNull();
  }
}

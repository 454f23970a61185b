package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.client.BackupDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line refuses before it connects, what {@code drill} refuses before it copies,
 * and {@code delete}'s contract.
 */
class CommandLineRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  record Run(int exitCode, String out) {
    JsonNode json() throws IOException {
      return JSON.readTree(out.lines().reduce((first, second) -> second).orElseThrow());
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    int exitCode =
        Neo4jBackupCommand.run(new PrintWriter(out, true), new PrintWriter(out, true), args);
    return new Run(exitCode, out.toString());
  }

  @Test
  void theLaunchTimeTheScriptPassesBecomesTheJvmPhaseAndAnythingElseIsIgnored() {
    long secondAgo = (System.currentTimeMillis() - 1000) * 1_000_000L;

    assertThat(Neo4jBackupCommand.launched(Long.toString(secondAgo)))
        .isBetween(java.time.Duration.ofMillis(900), java.time.Duration.ofSeconds(60));
    assertThat(Neo4jBackupCommand.launched(null)).isNull();
    assertThat(Neo4jBackupCommand.launched("")).as("no date in the image").isNull();
    assertThat(Neo4jBackupCommand.launched("%s%N")).isNull();
    assertThat(Neo4jBackupCommand.launched(Long.toString(secondAgo + 3_600_000_000_000L)))
        .as("a clock ahead of the launch")
        .isNull();
  }

  @Test
  void replaceGoesWithFullOnly() throws IOException {
    Run run = run("-incremental", "-replace", "-from", "single://a", "-to", "/tmp/x", "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("failure").asText()).isEqualTo("USAGE");
    assertThat(run.json().path("message").asText()).startsWith("-replace goes with -full");
  }

  @Test
  void aDatabaseNameNoNeo4jDatabaseCanHaveIsRefusedBeforeConnecting() throws IOException {
    Run run =
        run("-full", "-from", "single://a", "-to", "/tmp/x", "-database", "sales_eu", "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText()).contains("is not a Neo4j database name");
  }

  @Test
  void aDrillQueryWithoutItsExpectedAnswerIsRefusedBeforeConnecting() throws IOException {
    Run run =
        run(
            "-from",
            "single://a",
            "-to",
            "/tmp/x",
            "-drill-query",
            "MATCH (n) RETURN count(n)",
            "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("failure").asText()).isEqualTo("USAGE");
    assertThat(run.json().path("message").asText())
        .startsWith("-drill-query and -drill-expect go together");
  }

  @Test
  void anExpectedAnswerWithoutItsDrillQueryIsRefusedBeforeConnecting() throws IOException {
    Run run = run("-from", "single://a", "-to", "/tmp/x", "-drill-expect", "true", "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .startsWith("-drill-query and -drill-expect go together");
  }

  @Test
  void aDrillRefusesADirectoryThatHoldsNoBackup() throws IOException {
    Path notABackup = work.resolve("photos");
    Files.createDirectories(notABackup);
    Files.writeString(notABackup.resolve("cat.jpg"), "meow");

    Run run =
        run(
            "drill",
            notABackup.toString(),
            "-drill-query",
            "RETURN 1",
            "-drill-expect",
            "1",
            "-json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("failure").asText()).isEqualTo("USAGE");
    assertThat(run.json().path("message").asText())
        .isEqualTo(notABackup + " holds no backup made by neo4j-backup: nothing to drill");
    assertThat(notABackup).isDirectoryContaining(path -> path.endsWith("cat.jpg"));
  }

  @Test
  void aDrillRefusesAnAbsentDirectory() throws IOException {
    Run run =
        run(
            "drill",
            work.resolve("absent").toString(),
            "-drill-query",
            "RETURN 1",
            "-drill-expect",
            "1",
            "-json");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .endsWith("is not a directory: give a backup directory");
    assertThat(work.resolve("absent")).doesNotExist();
  }

  @Test
  void deleteRemovesABackupAndSaysSoInOneLine() throws IOException {
    Path backup = work.resolve("chain-1");
    Files.createDirectories(backup.resolve("databases/neo4j"));
    Files.writeString(backup.resolve("neo4j-backup.json"), "{\"database\":\"neo4j\"}");

    Run run = run("delete", backup.toString(), "-json");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
    assertThat(run.json().path("deleted").asText()).isEqualTo(backup.toString());
    assertThat(backup).doesNotExist();
  }

  @Test
  void deleteRefusesWhatIsNotABackupWithExitStatus5() throws IOException {
    Path precious = Files.createDirectories(work.resolve("chain-2"));
    Files.writeString(precious.resolve("notes.txt"), "mine");

    Run run = run("delete", precious.toString(), "-json");

    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.json().path("failure").asText()).isEqualTo("TARGET");
    assertThat(precious.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void deleteIsRefusedWithExitStatus5WhileABackupHoldsTheDirectory() throws IOException {
    Path backup = work.resolve("chain-3");
    Files.createDirectories(backup.resolve("databases/neo4j"));
    Files.writeString(backup.resolve("neo4j-backup.json"), "{\"database\":\"neo4j\"}");
    try (BackupDirectory running = BackupDirectory.open(backup)) {
      Run run = run("delete", backup.toString(), "-json");

      assertThat(run.exitCode()).isEqualTo(5);
      assertThat(run.json().path("failure").asText()).isEqualTo("TARGET_BUSY");
    }
    assertThat(backup.resolve("neo4j-backup.json")).exists();
  }

  @Test
  void aRestorePointIsATransactionOrAnInstantNotBoth() throws IOException {
    Run run =
        run(
            "restore",
            "-from",
            "/tmp/b",
            "-to",
            "/tmp/d",
            "-until-tx",
            "5",
            "-until-time",
            "2026-12-05T14:04:59Z",
            "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText()).contains("give one of them");
  }

  @Test
  void aRestoreInstantMustBeIso8601WithItsOffset() throws IOException {
    for (String instant : new String[] {"yesterday", "2026-12-05T14:04:59", "2026-12-05"}) {
      Run run = run("restore", "-from", "/tmp/b", "-to", "/tmp/d", "-until-time", instant, "-json");
      assertThat(run.exitCode()).as(instant).isEqualTo(2);
      assertThat(run.json().path("message").asText())
          .contains("-until-time takes an ISO-8601 instant")
          .contains("'" + instant + "'");
    }
  }

  @Test
  void aRestoreTransactionIsOneOrMore() throws IOException {
    Run run = run("restore", "-from", "/tmp/b", "-to", "/tmp/d", "-until-tx", "0", "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText()).contains("1 or more");
  }
}

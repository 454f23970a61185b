package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full backups of a real Neo4j 5.26 server with the plugin loaded, while a writer commits. */
class FullBackupIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static ChainWriter writer;

  @BeforeAll
  static void startServerAndWriter() {
    server = Neo4jServer.start(work.resolve("neo4j"));
    // Larger than what socket and channel buffers hold, so a client that pauses holds the server.
    Ballast.add(server.driver(), 48);
    writer = ChainWriter.start(server.driver());
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= 200);
  }

  @AfterAll
  static void stop() {
    if (writer != null) {
      writer.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  /**
   * Holds the transfer after its first file until the writer has committed {@code more} further
   * nodes.
   */
  private static Progress pausingAfterFirstFile(long more) {
    AtomicBoolean paused = new AtomicBoolean();
    return (files, bytes, current) -> {
      if (files == 1 && paused.compareAndSet(false, true)) {
        long until = writer.committed() + more;
        await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= until);
      }
    };
  }

  @Test
  void aFullBackupTakenWhileWritesContinueHoldsEveryCommittedWriteWithoutAGap() throws Exception {
    Path target = work.resolve("under-writes");
    long committedBefore = writer.committed();

    BackupResult result =
        OnlineBackup.from(server.backupUri())
            .verify(true)
            .progress(pausingAfterFirstFile(100))
            .full(target);
    long committedAfter = writer.committed();

    assertThat(result.verified()).isTrue();
    assertThat(result.verification()).contains("Number of errors: 0");
    assertThat(result.lastTxId())
        .as("transactions committed during the copy were replayed")
        .isGreaterThanOrEqualTo(result.firstTxId() + 100);

    BackupInspector.Chain chain =
        BackupInspector.readChain(target, "neo4j", work.resolve("inspect-1"));
    assertThat(chain.contiguous()).as("chain %s has no gap or duplicate", chain).isTrue();
    assertThat(chain.max()).isBetween(committedBefore + 100, committedAfter);

    Manifest manifest = Manifest.readFrom(target);
    assertThat(manifest.mode()).isEqualTo(BackupMode.FULL);
    assertThat(manifest.database()).isEqualTo("neo4j");
    assertThat(manifest.clusterName()).isEqualTo("harness");
    assertThat(manifest.source()).isEqualTo(server.backupUri());
    assertThat(manifest.storeId().toString()).isEqualTo(result.storeId());
    assertThat(manifest.firstTxId()).isEqualTo(result.firstTxId());
    assertThat(manifest.lastTxId()).isEqualTo(result.lastTxId());
    assertThat(manifest.bytes()).isEqualTo(result.bytes()).isPositive();
    assertThat(manifest.verified()).isTrue();
    assertThat(manifest.completedAt()).isAfter(manifest.startedAt());
    assertThat(Trees.list(work))
        .noneMatch(name -> name.contains(".staging") || name.contains(".previous"));
    // The server read every file with direct I/O, its default, and forced no checkpoint for a
    // client that did not authenticate.
    new ServerLog(server)
        .awaitLine(
            "Full backup of 'neo4j' to .* sent: from the latest checkpoint \\(not forced\\),"
                + " (\\d+) files \\(\\1 read with direct I/O\\)");
  }

  @Test
  void aFullBackupIntoAnEarlierBackupReplacesItWithANewerSnapshot() {
    Path target = work.resolve("replaced");
    BackupResult first = OnlineBackup.from(server.backupUri()).full(target);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() > first.lastTxId() + 50);

    BackupResult second = OnlineBackup.from(server.backupUri()).full(target);

    assertThat(second.storeId()).isEqualTo(first.storeId());
    assertThat(second.lastTxId()).isGreaterThan(first.lastTxId());
    assertThat(Manifest.readFrom(target).lastTxId()).isEqualTo(second.lastTxId());
    BackupInspector.Chain chain =
        BackupInspector.readChain(target, "neo4j", work.resolve("inspect-2"));
    assertThat(chain.contiguous()).isTrue();
    assertThat(Trees.list(work))
        .noneMatch(name -> name.startsWith(".replaced.") && !name.endsWith(".lock"));
  }

  @Test
  void theCommandLineTakesTheClassicSyntaxAndPrintsOneLineOfJsonForPrograms() throws Exception {
    Path target = work.resolve("cli");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-full",
            "-from",
            server.backupUri(),
            "-to",
            target.toString(),
            "-verify",
            "-json");

    assertThat(status).as("exit status, stderr: %s", err).isZero();
    assertThat(out.toString().strip()).doesNotContain("\n");
    JsonNode line = new ObjectMapper().readTree(out.toString());
    assertHasTheShapeOfTheGoldenSuccessLine(line);
    assertThat(line.get("status").asText()).isEqualTo("succeeded");
    assertThat(line.get("result").get("mode").asText()).isEqualTo("FULL");
    assertThat(line.get("result").get("lastTxId").asLong())
        .isEqualTo(Manifest.readFrom(target).lastTxId());
    assertThat(Files.exists(target.resolve("databases/neo4j/neostore"))).isTrue();
  }

  /**
   * A real backup's line has the fields, and the JSON types, of the contract's golden success line
   * ({@code engine/contract/golden/backup-succeeded.json}, which the operator's tests read as the
   * engine's words); {@code -Dgolden.write=true} writes this line there instead.
   */
  private static void assertHasTheShapeOfTheGoldenSuccessLine(JsonNode line) throws IOException {
    Path golden = Path.of("../contract/golden/backup-succeeded.json");
    if (Boolean.getBoolean("golden.write")) {
      Files.writeString(golden, line.toString() + "\n");
    }
    assertThat(shape(line)).isEqualTo(shape(new ObjectMapper().readTree(golden.toFile())));
  }

  /** Field names and value types, recursively; an array by its first element. */
  private static String shape(JsonNode node) {
    if (node.isObject()) {
      java.util.List<String> fields = new java.util.ArrayList<>();
      node.fields()
          .forEachRemaining(field -> fields.add(field.getKey() + ":" + shape(field.getValue())));
      return fields.stream().sorted().toList().toString();
    }
    if (node.isArray()) {
      return "[" + (node.isEmpty() ? "" : shape(node.get(0))) + "]";
    }
    return node.getNodeType().name();
  }

  @Test
  void theCommandLineAlsoTakesLongOptions() {
    Path target = work.resolve("cli-long");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "--full",
            "--from=" + server.backupUri(),
            "--to=" + target);

    assertThat(status).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("Full backup of database 'neo4j'").contains("transactions");
  }
}

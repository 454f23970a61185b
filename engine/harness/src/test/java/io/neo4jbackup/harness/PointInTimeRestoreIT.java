package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.Inspection;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.RecoveryWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * Point-in-time restore across a chain: a full backup and three incrementals of a real Neo4j whose
 * writer commits one numbered node per transaction, with small log files so the chain spans
 * several. A restore to a point must give exactly the writer's nodes up to it: 1 to n, no gap,
 * nothing later. The chain itself never changes.
 */
class PointInTimeRestoreIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static Path chain;
  static final List<BackupResult> runs = new ArrayList<>();
  static Map<String, String> chainAsTaken;

  /** The writer's node n was committed by transaction n + offset (it is the only writer). */
  static long offset;

  static int directories;

  @BeforeAll
  static void takeAChainOfAFullAndThreeIncrementals() {
    server = Neo4jServer.start(work.resolve("neo4j"), Map.of("db.tx_log.rotation.size", "128k"));
    chain = work.resolve("backups").resolve("chain");
    try (ChainWriter writer = ChainWriter.start(server.driver())) {
      awaitWrites(writer, 100);
      OnlineBackup source = OnlineBackup.from(server.backupUri());
      runs.add(source.full(chain));
      offset = runs.get(0).lastTxId() - readChain(chain).max();
      for (int round = 0; round < 3; round++) {
        awaitWrites(writer, 400);
        runs.add(source.incremental(chain));
      }
    }
    chainAsTaken = Trees.fingerprint(chain);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @AfterEach
  void theChainIsExactlyAsItWasTaken() {
    assertThat(Trees.fingerprint(chain)).isEqualTo(chainAsTaken);
  }

  static void awaitWrites(ChainWriter writer, long more) {
    long until = writer.committed() + more;
    await().atMost(Duration.ofMinutes(2)).until(() -> writer.committed() >= until);
  }

  /** Boots a copy of the database in {@code dataDirectory} and reads the writer's nodes. */
  static BackupInspector.Chain readChain(Path dataDirectory) {
    return BackupInspector.readChain(
        dataDirectory, "neo4j", work.resolve("inspect-" + ++directories));
  }

  static Path newDataDirectory() {
    return work.resolve("data-" + ++directories);
  }

  static Restore.Result restore(Path data, RestorePoint point, boolean verify) {
    return new Restore(Clock.systemUTC()).restore(chain, data, null, false, point, verify);
  }

  /** When the writer's node {@code n} was written, by the server's clock. */
  static Instant writtenAt(long n) {
    try (Session session = server.driver().session()) {
      return Instant.ofEpochMilli(
          session
              .run("MATCH (c:Chain {n: $n}) RETURN c.at AS at", Map.of("n", n))
              .single()
              .get("at")
              .asLong());
    }
  }

  static long writerNodes() {
    try (Session session = server.driver().session()) {
      return session.run("MATCH (c:Chain) RETURN max(c.n) AS n").single().get("n").asLong();
    }
  }

  @Test
  void theChainSpansSeveralLogFilesAndItsWindowRunsFromTheFullBackupToTheLastIncremental() {
    Manifest manifest = Manifest.readFrom(chain);
    RecoveryWindow window = manifest.window();

    assertThat(window.firstTxId()).isEqualTo(runs.get(0).lastTxId());
    assertThat(window.lastTxId()).isEqualTo(runs.get(3).lastTxId());
    assertThat(window.firstTime()).isBefore(window.lastTime());
    assertThat(runs.get(3).window()).isEqualTo(window);
    assertThat(manifest.runs())
        .extracting(Manifest.Run::mode)
        .containsExactly(
            BackupMode.FULL,
            BackupMode.INCREMENTAL,
            BackupMode.INCREMENTAL,
            BackupMode.INCREMENTAL);
    assertThat(manifest.logVersion())
        .as("the last log version, the chain's logs rotated at 128 KiB")
        .isGreaterThan(manifest.base().logVersion());
  }

  @Test
  void
      aRestoreToATransactionInsideEachRunGivesExactlyTheWritersTransactionsUpToItConsistentAndBootable() {
    List<Long> points = new ArrayList<>();
    points.add(runs.get(0).lastTxId()); // the base itself: no transaction replayed
    for (BackupResult incremental : runs.subList(1, runs.size())) {
      points.add((incremental.firstTxId() + incremental.lastTxId()) / 2);
    }
    for (long txId : points) {
      Path data = newDataDirectory();

      Restore.Result result = restore(data, RestorePoint.afterTransaction(txId), true);

      assertThat(result.lastTxId()).isEqualTo(txId);
      assertThat(result.verified()).as("the consistency checker passed it").isTrue();
      BackupInspector.Chain restored = readChain(data);
      assertThat(restored.contiguous()).as("nodes 1..n in %s", restored).isTrue();
      assertThat(restored.max()).as("nodes after restoring to %d", txId).isEqualTo(txId - offset);
    }
  }

  @Test
  void aRestoreToTheNewestStateIsTheLastIncremental() {
    Path data = newDataDirectory();

    Restore.Result result = restore(data, RestorePoint.newest(), false);

    assertThat(result.lastTxId()).isEqualTo(runs.get(3).lastTxId());
    assertThat(readChain(data).max()).isEqualTo(runs.get(3).lastTxId() - offset);
  }

  @Test
  void aRestoreToAnEarlierPointWorksFromAReadOnlyMount() throws IOException {
    Path data = newDataDirectory();
    long txId = runs.get(1).firstTxId() + 5;

    Restore.Result result;
    try (BadInputIT.ReadOnly readOnly = BadInputIT.ReadOnly.make(chain.getParent())) {
      result = restore(data, RestorePoint.afterTransaction(txId), false);
    }

    assertThat(result.lastTxId()).isEqualTo(txId);
    assertThat(readChain(data).max()).isEqualTo(txId - offset);
  }

  @Test
  void aVerifiedRestorePassesTheConsistencyCheckerAndBoots() {
    Path data = newDataDirectory();
    long txId = runs.get(2).lastTxId() - 7;

    Restore.Result result = restore(data, RestorePoint.afterTransaction(txId), true);

    assertThat(result.verified()).isTrue();
    assertThat(readChain(data).max()).isEqualTo(txId - offset);
    assertThat(Trees.list(data.resolve("databases/neo4j")))
        .as("the log bytes recovery cut are not kept in the restored database")
        .doesNotContain("corrupted-neostore.transaction.db");
  }

  @Test
  void aRestoreToAnInstantGivesTheLastTransactionCommittedAtOrBeforeIt() {
    BackupResult second = runs.get(2);
    long middle = (second.firstTxId() + second.lastTxId()) / 2 - offset;
    Instant instant = writtenAt(middle);
    Path data = newDataDirectory();

    Restore.Result result = restore(data, RestorePoint.at(instant), false);

    long n = readChain(data).max();
    assertThat(n).isEqualTo(result.lastTxId() - offset);
    assertThat(result.lastCommitTime()).isBeforeOrEqualTo(instant);
    // Node n+1 committed after the instant, and node n+2 was written after n+1 committed.
    assertThat(writtenAt(n)).isBeforeOrEqualTo(instant);
    if (n + 2 <= writerNodes()) {
      assertThat(writtenAt(n + 2)).isAfter(instant);
    }
  }

  @Test
  void anInstantOnTheExactMillisecondOfACommitIncludesItAndOneMillisecondEarlierDoesNot() {
    BackupResult third = runs.get(3);
    Restore.Result reference =
        restore(
            newDataDirectory(),
            RestorePoint.afterTransaction((third.firstTxId() + third.lastTxId()) / 2),
            false);
    Instant committed = reference.lastCommitTime();

    Restore.Result onTheMillisecond =
        restore(newDataDirectory(), RestorePoint.at(committed), false);
    Restore.Result justBefore =
        restore(newDataDirectory(), RestorePoint.at(committed.minusMillis(1)), false);

    assertThat(onTheMillisecond.lastTxId()).isGreaterThanOrEqualTo(reference.lastTxId());
    assertThat(onTheMillisecond.lastCommitTime()).isEqualTo(committed);
    assertThat(justBefore.lastTxId()).isLessThan(reference.lastTxId());
    assertThat(justBefore.lastCommitTime()).isBefore(committed);
  }

  @Test
  void pointsOutsideTheWindowAreRefusedWithTheWindowInTheMessageBeforeAnythingIsWritten() {
    RecoveryWindow window = Manifest.readFrom(chain).window();
    Path data = work.resolve("never-written");
    List<List<String>> outside =
        List.of(
            List.of("-until-tx", Long.toString(window.firstTxId() - 1)),
            List.of("-until-tx", Long.toString(window.lastTxId() + 1)),
            List.of("-until-time", window.firstTime().minusMillis(1).toString()),
            List.of("-until-time", window.lastTime().plusSeconds(1).toString()));
    for (List<String> point : outside) {
      StringWriter err = new StringWriter();
      List<String> args = new ArrayList<>(List.of("restore", "-from", chain.toString()));
      args.addAll(List.of("-to", data.toString()));
      args.addAll(point);

      int status =
          Neo4jBackupCommand.run(
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              args.toArray(String[]::new));

      assertThat(status).as("exit status of %s", point).isEqualTo(2);
      assertThat(err.toString())
          .contains("outside the recovery window")
          .contains(window.describe())
          .contains("nothing was written");
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void inspectShowsTheWindowEachRunAndTheSpace() throws IOException {
    StringWriter out = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "inspect",
            chain.toString(),
            "-json");

    assertThat(status).isZero();
    JsonNode line = new ObjectMapper().readTree(out.toString());
    JsonNode inspection = line.get("inspection");
    RecoveryWindow window = Manifest.readFrom(chain).window();
    assertThat(inspection.at("/window/firstTxId").asLong()).isEqualTo(window.firstTxId());
    assertThat(inspection.at("/window/lastTxId").asLong()).isEqualTo(window.lastTxId());
    assertThat(inspection.at("/window/lastTime").asText()).isEqualTo(window.lastTime().toString());
    assertThat(inspection.get("runs")).hasSize(4);
    assertThat(inspection.at("/runs/3/lastTxId").asLong()).isEqualTo(window.lastTxId());
    Inspection.Space space = Inspection.of(chain).space();
    assertThat(space.total())
        .isGreaterThan(space.base() + space.newestStore() + space.transactionLogs() - 1);
    assertThat(bytes(chain.resolve("base/databases/neo4j")))
        .as("the base: one copy of the store as the full backup left it")
        .isLessThanOrEqualTo(bytes(chain.resolve("databases/neo4j")));
  }

  static long bytes(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        total += Files.size(file);
      }
      return total;
    }
  }

  @Test
  void aRestoreKilledDuringRecoveryLeavesTheDataDirectoryAsItWas() throws Exception {
    Path data = newDataDirectory();
    restore(data, RestorePoint.newest(), false);
    Map<String, String> store = Trees.fingerprint(data.resolve("databases/neo4j"));
    Map<String, String> logs = Trees.fingerprint(data.resolve("transactions/neo4j"));
    long txId = runs.get(1).lastTxId() - 3;

    killDuringRecovery(data, txId);

    assertThat(Trees.fingerprint(data.resolve("databases/neo4j"))).isEqualTo(store);
    assertThat(Trees.fingerprint(data.resolve("transactions/neo4j"))).isEqualTo(logs);
    assertThat(Trees.list(data.resolve("databases")))
        .as("no folder was moved aside")
        .noneMatch(name -> name.contains("before-restore"));
    Restore.Result again = restore(data, RestorePoint.afterTransaction(txId), false);
    assertThat(again.lastTxId()).isEqualTo(txId);
    assertThat(readChain(data).max()).isEqualTo(txId - offset);
    assertThat(Trees.list(data.resolve("databases")))
        .as("the next restore removed what the killed one left")
        .noneMatch(name -> name.startsWith(".neo4j-backup-restoring"));
  }

  /** Runs a restore to {@code txId} in another process and kills it with SIGKILL in recovery. */
  private static void killDuringRecovery(Path data, long txId)
      throws IOException, InterruptedException {
    PausedProcess.killWhenPaused(
        KillableRestore.class, () -> {}, chain.toString(), data.toString(), Long.toString(txId));
    assertThat(Files.exists(data)).isTrue();
  }
}

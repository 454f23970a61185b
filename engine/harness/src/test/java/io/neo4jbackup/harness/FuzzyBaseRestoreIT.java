package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * A chain whose base is the store as the full backup copied it, without locks, while a writer
 * committed, a bulk update pushed pages to disk and the server's checkpoints were due: restored to
 * the full backup's last transaction, into the first incremental and to the newest state, each
 * restore passes the consistency checker and holds exactly the writes committed up to its point. So
 * does a chain of the earlier kind, whose base is the recovered store.
 */
class FuzzyBaseRestoreIT {
  /** Ballast batches rewritten while the full backup's copy stands still. */
  static final int REWRITTEN_BATCHES = 8;

  @TempDir static Path work;
  static Neo4jServer server;
  static Path chain;
  static Path recoveredBaseChain;
  static final List<BackupResult> runs = new ArrayList<>();
  static final List<BackupResult> recoveredBaseRuns = new ArrayList<>();

  /** The writer's node n was committed by transaction n + offset after the full backup's copy. */
  static long offset;

  static int directories;

  @BeforeAll
  static void takeAFullBackupWhileTheServerWritesThenIncrementals() throws Exception {
    server =
        Neo4jServer.start(
            work.resolve("neo4j"),
            Map.of(
                "db.tx_log.rotation.size", "128k",
                "server.memory.pagecache.size", "8m",
                "db.checkpoint.interval.time", "1s",
                "db.checkpoint.interval.tx", "1"));
    Ballast.add(server.driver(), 24);
    chain = work.resolve("backups").resolve("chain");
    recoveredBaseChain = work.resolve("backups").resolve("recovered-base-chain");
    try (ChainWriter writer = ChainWriter.start(server.driver())) {
      awaitWrites(writer, 100);
      AtomicBoolean paused = new AtomicBoolean();
      Progress pauseMidCopy =
          (files, bytes, currentFile) -> {
            if (files >= 2 && currentFile != null && paused.compareAndSet(false, true)) {
              whileTheCopyStandsStill(writer);
            }
          };
      OnlineBackup source = OnlineBackup.from(server.backupUri());
      runs.add(source.progress(pauseMidCopy).full(chain));
      assertThat(paused).as("the copy stood still once").isTrue();
      offset = runs.get(0).lastTxId() - readChain(chain).max();
      keepARecoveredBaseChain();
      for (int round = 0; round < 2; round++) {
        awaitWrites(writer, 300);
        runs.add(source.incremental(chain));
        recoveredBaseRuns.add(source.incremental(recoveredBaseChain));
      }
    }
  }

  /**
   * While the copy stands still: the bulk of the ballast is rewritten through a small page cache,
   * so that pages the copy has yet to read reach the disk with changes after the pinned checkpoint,
   * and the writer goes on. The server's scheduled checkpoint, every second, waits meanwhile on the
   * backup's pin (Community has no procedure to force one).
   */
  static void whileTheCopyStandsStill(ChainWriter writer) {
    try (Session session = server.driver().session()) {
      session.executeWrite(
          tx ->
              tx.run(
                      "MATCH (b:Ballast) WHERE b.batch < $batches SET b.data = 'y' + b.data",
                      Map.of("batches", REWRITTEN_BATCHES))
                  .consume());
    }
    awaitWrites(writer, 200);
  }

  /**
   * A copy of the chain as the full backup left it, with the base chains kept before: the recovered
   * store and its checkpoint files, and a manifest whose base starts at the end of the logs.
   */
  static void keepARecoveredBaseChain() throws IOException {
    Directories.copy(chain, recoveredBaseChain);
    Directories.delete(recoveredBaseChain.resolve("base"));
    Directories.copy(
        recoveredBaseChain.resolve("databases/neo4j"),
        recoveredBaseChain.resolve("base/databases/neo4j"));
    Path checkpoints =
        Files.createDirectories(recoveredBaseChain.resolve("base/transactions/neo4j"));
    try (Stream<Path> files = Files.list(recoveredBaseChain.resolve("transactions/neo4j"))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().startsWith("neostore.transaction.db.")) {
          Files.copy(file, checkpoints.resolve(file.getFileName()));
        }
      }
    }
    Path manifestFile = recoveredBaseChain.resolve(Manifest.FILE_NAME);
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
    ObjectNode base = (ObjectNode) manifest.get("base");
    base.put("logVersion", manifest.get("logVersion").asLong());
    base.put("logOffset", manifest.get("logOffset").asLong());
    json.writerWithDefaultPrettyPrinter().writeValue(manifestFile.toFile(), manifest);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static void awaitWrites(ChainWriter writer, long more) {
    long until = writer.committed() + more;
    await().atMost(Duration.ofMinutes(2)).until(() -> writer.committed() >= until);
  }

  static BackupInspector.Chain readChain(Path dataDirectory) {
    return BackupInspector.readChain(
        dataDirectory, "neo4j", work.resolve("inspect-" + ++directories));
  }

  static long rewrittenBallast(Path dataDirectory) {
    return BackupInspector.read(
        dataDirectory,
        "neo4j",
        work.resolve("inspect-" + ++directories),
        tx ->
            (Long)
                tx.execute("MATCH (b:Ballast) WHERE b.data STARTS WITH 'y' RETURN count(b) AS n")
                    .next()
                    .get("n"));
  }

  @Test
  void theFullBackupsBaseStartsAtTheCheckpointItWasCopiedAtBeforeItsLastTransaction() {
    Manifest manifest = Manifest.readFrom(chain);
    Manifest recoveredBase = Manifest.readFrom(recoveredBaseChain);

    assertThat(runs.get(0).firstTxId())
        .as("the checkpoint the copy was pinned at is before the full backup's last transaction")
        .isLessThan(runs.get(0).lastTxId());
    assertThat(manifest.base().txId()).isEqualTo(runs.get(0).lastTxId());
    assertThat(
            List.of(manifest.base().logVersion(), manifest.base().logOffset())
                .equals(
                    List.of(recoveredBase.base().logVersion(), recoveredBase.base().logOffset())))
        .as("the base's checkpoint is not where the full backup's logs ended")
        .isFalse();
    assertThat(manifest.base().logVersion()).isLessThanOrEqualTo(recoveredBase.base().logVersion());
  }

  @Test
  void aChainWhoseBaseIsTheCopyRestoresEveryPointConsistentWithExactlyItsWrites() {
    restoresEveryPoint(chain, runs);
  }

  @Test
  void aChainWhoseBaseIsTheRecoveredStoreStillRestoresEveryPoint() {
    restoresEveryPoint(recoveredBaseChain, recoveredBaseRuns);
  }

  private void restoresEveryPoint(Path backup, List<BackupResult> incrementals) {
    List<BackupResult> chainRuns = new ArrayList<>();
    chainRuns.add(runs.get(0));
    chainRuns.addAll(incrementals.subList(incrementals.size() - 2, incrementals.size()));
    long full = chainRuns.get(0).lastTxId();
    BackupResult first = chainRuns.get(1);
    List<RestorePoint> points =
        List.of(
            RestorePoint.afterTransaction(full),
            RestorePoint.afterTransaction(full + 1),
            RestorePoint.afterTransaction((first.firstTxId() + first.lastTxId()) / 2),
            RestorePoint.newest());
    for (RestorePoint point : points) {
      Path data = work.resolve("data-" + ++directories);

      Restore.Result result =
          new Restore(Clock.systemUTC()).restore(backup, data, null, false, point, true);

      long txId = point.isNewest() ? chainRuns.get(2).lastTxId() : point.txId();
      assertThat(result.lastTxId()).as("restored to %s", point).isEqualTo(txId);
      assertThat(result.verified()).as("the consistency checker passed %s", point).isTrue();
      BackupInspector.Chain restored = readChain(data);
      assertThat(restored.contiguous()).as("nodes 1..n in %s at %s", restored, point).isTrue();
      assertThat(restored.max()).as("nodes at %s", point).isEqualTo(txId - offset);
      assertThat(rewrittenBallast(data))
          .as("the ballast rewritten during the copy, at %s", point)
          .isEqualTo(REWRITTEN_BATCHES * 1024L);
    }
  }
}

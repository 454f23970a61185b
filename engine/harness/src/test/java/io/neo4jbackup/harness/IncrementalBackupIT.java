package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.BackupDirectory;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Drill;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.DrillResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/** Incremental backups, automatic mode and restore, against real Neo4j servers under writes. */
class IncrementalBackupIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static ChainWriter writer;
  static int directories;

  @BeforeAll
  static void start() {
    server = Neo4jServer.start(work.resolve("neo4j"));
    writer = ChainWriter.start(server.driver());
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= 100);
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

  static Path newTarget() {
    return work.resolve("backups-" + ++directories).resolve("backup");
  }

  static void awaitWrites(long more) {
    long until = writer.committed() + more;
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= until);
  }

  /**
   * Boots a copy of the backup and checks it holds the chain 1..n without a gap, n at least {@code
   * atLeast}.
   */
  static BackupInspector.Chain assertCompleteChain(Path backup, long atLeast) {
    BackupInspector.Chain chain =
        BackupInspector.readChain(backup, "neo4j", work.resolve("inspect-" + ++directories));
    assertThat(chain.contiguous()).as("chain %s has no gap or duplicate", chain).isTrue();
    assertThat(chain.max()).isGreaterThanOrEqualTo(atLeast);
    return chain;
  }

  @Test
  void aChainOfIncrementalsUnderAConcurrentWriterStaysCompleteAndConsistent() {
    Path target = newTarget();
    OnlineBackup source = OnlineBackup.from(server.backupUri()).verify(true);

    BackupResult full = source.backup(target);
    assertThat(full.mode())
        .as("automatic mode into an absent directory")
        .isEqualTo(BackupMode.FULL);
    long previousLast = full.lastTxId();
    for (int round = 1; round <= 3; round++) {
      awaitWrites(100);
      long committedBefore = writer.committed();

      BackupResult incremental = source.backup(target);

      assertThat(incremental.mode())
          .as("automatic mode into a backup")
          .isEqualTo(BackupMode.INCREMENTAL);
      assertThat(incremental.verified()).isTrue();
      assertThat(incremental.firstTxId()).isEqualTo(previousLast + 1);
      assertThat(incremental.lastTxId()).isGreaterThanOrEqualTo(previousLast + 100);
      assertThat(incremental.files()).as("log segments, no store file").isBetween(1, 2);
      assertCompleteChain(target, committedBefore);
      Manifest manifest = Manifest.readFrom(target);
      assertThat(manifest.mode()).isEqualTo(BackupMode.INCREMENTAL);
      assertThat(manifest.lastTxId()).isEqualTo(incremental.lastTxId());
      previousLast = incremental.lastTxId();
    }
    assertThat(Files.exists(target.resolve("neo4j-backup.journal"))).isFalse();
  }

  /**
   * Points the first node record in use without relationships at relationship 0, which does not
   * point back: an inconsistency recovery carries along and the consistency checker finds. Returns
   * the record's offset and its original bytes, to mend it.
   */
  static Map.Entry<Long, byte[]> corruptANode(Path backup) throws IOException {
    Path nodes = backup.resolve("databases/neo4j/neostore.nodestore.db");
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(
            nodes, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(8192);
      channel.read(page, 0);
      for (int record = 0; record < 8192 / 15; record++) {
        int at = record * 15;
        // In use, and no relationship: the 32 low bits of -1, the 3 high bits (1-3) clear.
        boolean noRelationships =
            (page.get(at) & 0x0F) == 0x01 && page.getInt(at + 1) == 0xFFFFFFFF;
        if (noRelationships) {
          byte[] original = new byte[15];
          page.get(at, original);
          java.nio.ByteBuffer corrupt = java.nio.ByteBuffer.wrap(original.clone());
          corrupt.putInt(1, 0);
          channel.write(corrupt, at);
          return Map.entry((long) at, original);
        }
      }
    }
    throw new AssertionError(
        "no node record without relationships in the first page of "
            + nodes
            + ": "
            + java.util.HexFormat.of().formatHex(Files.readAllBytes(nodes), 0, 120));
  }

  static void mend(Path backup, Map.Entry<Long, byte[]> corruption) throws IOException {
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(
            backup.resolve("databases/neo4j/neostore.nodestore.db"),
            java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(corruption.getValue()), corruption.getKey());
    }
  }

  static Map<String, String> withoutManifest(Path backup) {
    Map<String, String> files = new java.util.TreeMap<>(Trees.fingerprint(backup));
    files.remove(Manifest.FILE_NAME);
    return files;
  }

  @Test
  void anIncrementalThatFailsVerificationLeavesTheBackupAsItWasAndRecordsTheFailure()
      throws IOException {
    Path target = newTarget();
    OnlineBackup verified = OnlineBackup.from(server.backupUri()).verify(true);
    BackupResult full = verified.full(target);
    Map.Entry<Long, byte[]> corruption = corruptANode(target);
    awaitWrites(50);
    Map<String, String> before = withoutManifest(target);

    assertThatThrownBy(() -> verified.incremental(target))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.VERIFICATION))
        .hasMessageContaining(
            "The backup was left as it was, up to transaction " + full.lastTxId());

    assertThat(withoutManifest(target)).as("store and logs, byte for byte").isEqualTo(before);
    assertThat(Trees.list(target.getParent()))
        .as("no staging left beside it")
        .noneMatch(name -> name.endsWith(".staging"));
    Manifest failed = Manifest.readFrom(target);
    assertThat(failed.lastTxId()).isEqualTo(full.lastTxId());
    assertThat(failed.verificationFailure()).isNotNull();
    assertThat(failed.verificationFailure().lastTxId()).isGreaterThan(full.lastTxId());

    awaitWrites(20);
    OnlineBackup.from(server.backupUri()).incremental(target);
    assertThat(Manifest.readFrom(target).verificationFailure())
        .as("recorded until a later run passes verification")
        .isEqualTo(failed.verificationFailure());
    BackupResult drilled =
        OnlineBackup.from(server.backupUri())
            .drill("MATCH (c:Chain) RETURN count(c) > 0", "true")
            .incremental(target);
    assertThat(drilled.drill().passed()).isTrue();
    assertThat(Manifest.readFrom(target).verificationFailure())
        .as("a restore drill is no consistency check: still recorded")
        .isEqualTo(failed.verificationFailure());

    mend(target, corruption);
    awaitWrites(20);
    long committedBefore = writer.committed();
    BackupResult passed = verified.incremental(target);
    assertThat(passed.verified()).isTrue();
    assertThat(Manifest.readFrom(target).verificationFailure()).isNull();
    assertCompleteChain(target, committedBefore);
  }

  @Test
  void anIncrementalNeedsAnEarlierBackupAndSaysSo() {
    Path target = newTarget();
    assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).incremental(target))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageContaining(
            "holds no backup: an incremental backup needs a full backup there first");
    assertThat(target).doesNotExist();
  }

  @Test
  void anIncrementalFromAnotherDatabaseIsRefusedAndTheBackupUntouched() {
    Path target = newTarget();
    OnlineBackup.from(server.backupUri()).full(target);
    Map<String, String> before = Trees.fingerprint(target);
    try (Neo4jServer other = Neo4jServer.start(work.resolve("other-store"))) {
      assertThatThrownBy(() -> OnlineBackup.from(other.backupUri()).incremental(target))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.OTHER_STORE))
          .hasMessageContaining("holds a backup of store")
          .hasMessageContaining("(another database): refused");
    }
    assertThat(Trees.fingerprint(target)).isEqualTo(before);
  }

  @Test
  void aRestoredBackupBootsInAFreshNeo4jAndADivergedHistoryIsRefused() throws IOException {
    Path early = newTarget();
    BackupResult earlyBackup = OnlineBackup.from(server.backupUri()).full(early);
    Path freshData = work.resolve("restored/data");
    Files.createDirectories(freshData);

    Restore.Result restored = new Restore(Clock.systemUTC()).restore(early, freshData, null, true);

    assertThat(restored.database()).isEqualTo("neo4j");
    assertThat(Trees.fingerprint(early)).as("the backup is copied, not moved").isNotEmpty();
    try (Neo4jServer restoredServer = Neo4jServer.start(work.resolve("restored"))) {
      long restoredChain;
      try (Session session = restoredServer.driver().session()) {
        restoredChain =
            session
                .run("MATCH (c:Chain) RETURN max(c.n) AS max, count(c) AS count")
                .single()
                .get("count")
                .asLong();
      }
      assertThat(restoredChain).as("the restored database holds the backup's writes").isPositive();

      awaitWrites(50);
      Path late = newTarget();
      BackupResult lateBackup = OnlineBackup.from(server.backupUri()).full(late);
      try (Session session = restoredServer.driver().session()) {
        long needed = lateBackup.lastTxId() - earlyBackup.lastTxId() + 20;
        for (long i = 0; i < needed; i++) {
          session.run("CREATE (:Elsewhere {i: $i})", Map.of("i", i)).consume();
        }
      }
      Map<String, String> before = Trees.fingerprint(late);

      assertThatThrownBy(() -> OnlineBackup.from(restoredServer.backupUri()).incremental(late))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.DIVERGED))
          .hasMessageContaining("diverged from the backup's")
          .hasMessageContaining("a full backup is needed");
      assertThat(Trees.fingerprint(late)).isEqualTo(before);
    }

    Restore.Result again = new Restore(Clock.systemUTC()).restore(early, freshData, null, true);
    assertThat(again.keptAside())
        .as("the replaced database and log folders are kept aside")
        .hasSize(2)
        .allSatisfy(
            kept -> assertThat(kept.getFileName().toString()).startsWith("neo4j.before-restore-"))
        .allSatisfy(kept -> assertThat(kept).isDirectory());
    assertThat(freshData.resolve("databases/neo4j/neostore")).exists();
  }

  @Test
  void restoreRefusesWhileTheDatabaseIsInUse() {
    Path target = newTarget();
    OnlineBackup.from(server.backupUri()).full(target);
    StringWriter err = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "restore",
            "-from",
            target.toString(),
            "-to",
            server.home().resolve("data").toString());

    assertThat(status).isEqualTo(5);
    assertThat(err.toString()).contains("is in use").contains("stop Neo4j");
  }

  @Test
  void prunedLogsNeedAFullBackupWhichTheFallbackTakes() {
    try (Neo4jServer pruning =
            Neo4jServer.start(
                work.resolve("pruning"),
                Map.of(
                    "db.tx_log.rotation.size", "128k",
                    "db.tx_log.rotation.retention_policy", "keep_none",
                    "db.checkpoint.interval.time", "1s",
                    "db.checkpoint.interval.tx", "1"));
        ChainWriter pruningWriter = ChainWriter.start(pruning.driver())) {
      Path target = newTarget();
      await().atMost(Duration.ofMinutes(1)).until(() -> pruningWriter.committed() >= 20);
      Manifest taken = manifestOf(OnlineBackup.from(pruning.backupUri()).full(target));
      Ballast.add(pruning.driver(), 2);
      await()
          .atMost(Duration.ofMinutes(1))
          .alias("the log the backup ends in is pruned")
          .until(
              () ->
                  !Files.exists(
                      pruning
                          .transactionLogDirectory("neo4j")
                          .resolve("neostore.transaction.db." + taken.logVersion())));
      Map<String, String> before = Trees.fingerprint(target);

      assertThatThrownBy(() -> OnlineBackup.from(pruning.backupUri()).incremental(target))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.LOGS_PRUNED))
          .hasMessageContaining("no longer in the transaction logs")
          .hasMessageContaining("a full backup is needed");
      assertThat(Trees.fingerprint(target)).isEqualTo(before);

      BackupResult fallback =
          OnlineBackup.from(pruning.backupUri())
              .fallbackToFull(true)
              .verify(true)
              .incremental(target);
      assertThat(fallback.mode()).isEqualTo(BackupMode.FULL);
      assertThat(fallback.verified()).isTrue();
      assertThat(fallback.lastTxId()).isGreaterThan(taken.lastTxId());
    }
  }

  @Test
  void anIncrementalKilledDuringTransferIsRolledBackToTheEarlierSnapshotExactly() throws Exception {
    Path target = newTarget();
    OnlineBackup.from(server.backupUri()).full(target);
    awaitWrites(100);
    Map<String, String> before = Trees.fingerprint(target);

    killAt(
        "transfer",
        target,
        () ->
            assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).incremental(target))
                .as("a second engine on the same directory, while the first holds it")
                .isInstanceOfSatisfying(
                    BackupException.class,
                    e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY))
                .hasMessageContaining("another neo4j-backup is using"));

    assertThat(Files.exists(target.resolve("neo4j-backup.journal"))).isTrue();
    Map<String, String> killed = Trees.fingerprint(target);
    DrillResult drilled = drillChain(target);
    assertThat(drilled.lastTxId())
        .as("a drill of it restores the earlier snapshot, as the next run leaves it")
        .isEqualTo(Manifest.readFrom(target).lastTxId());
    assertThat(Trees.fingerprint(target)).as("unchanged by the drill").isEqualTo(killed);
    BackupDirectory.open(target).close();
    assertThat(Trees.fingerprint(target))
        .as("the earlier snapshot, byte for byte")
        .isEqualTo(before);
    long committed = writer.committed();
    BackupResult next = OnlineBackup.from(server.backupUri()).incremental(target);
    assertThat(next.mode()).isEqualTo(BackupMode.INCREMENTAL);
    assertCompleteChain(target, committed);
  }

  @Test
  void anIncrementalKilledDuringReplayIsCompletedByTheNextRun() throws Exception {
    Path target = newTarget();
    Manifest full = manifestOf(OnlineBackup.from(server.backupUri()).full(target));
    awaitWrites(100);
    long committed = writer.committed();

    killAt("replay", target);
    Map<String, String> killed = Trees.fingerprint(target);
    DrillResult drilled = drillChain(target);
    assertThat(drilled.lastTxId())
        .as("a drill of it finishes the replay in its copy")
        .isGreaterThan(full.lastTxId() + 99);
    assertThat(Trees.fingerprint(target)).as("unchanged by the drill").isEqualTo(killed);

    BackupResult next = OnlineBackup.from(server.backupUri()).verify(true).incremental(target);
    assertThat(next.verified()).isTrue();
    Manifest manifest = Manifest.readFrom(target);
    assertThat(manifest.lastTxId()).isGreaterThan(full.lastTxId() + 99);
    assertThat(Files.exists(target.resolve("neo4j-backup.journal"))).isFalse();
    assertCompleteChain(target, committed);
  }

  /** A drill of the writer's chain in {@code backup}, which must pass. */
  private static DrillResult drillChain(Path backup) {
    DrillResult drilled =
        new Drill(work.resolve("drills"))
            .run(backup, "MATCH (c:Chain) RETURN count(c) = max(c.n)", "true");
    assertThat(drilled.passed()).as("the drill answered %s", drilled.actual()).isTrue();
    return drilled;
  }

  private static Manifest manifestOf(BackupResult result) {
    return Manifest.readFrom(Path.of(result.target()));
  }

  /**
   * Runs an incremental into {@code target} in another process and kills it with SIGKILL at {@code
   * point}.
   */
  private static void killAt(String point, Path target) throws IOException, InterruptedException {
    killAt(point, target, () -> {});
  }

  /** As {@link #killAt(String, Path)}, running {@code whilePaused} before the kill. */
  private static void killAt(String point, Path target, Runnable whilePaused)
      throws IOException, InterruptedException {
    PausedProcess.killWhenPaused(
        KillableBackup.class, whilePaused, server.backupUri(), target.toString(), point);
  }
}

package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The main job on an embedded default: a real Neo4j 5.26 Community server with the backup service
 * on loopback, a writer committing transactions, a full and then an incremental backup taken while
 * it writes, and the backup checked (recovered, consistency-checked, a copy booted as a read-only
 * database, writes counted).
 */
public final class Demo {
  private static final long START = System.nanoTime();

  public static void main(String[] args) throws IOException {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("neo4j-backup-demo");
    say("Working in %s", work);
    say(
        "Starting Neo4j 5.26 Community with the backup service plugin (from %s)",
        Neo4jServer.template());
    try (Neo4jServer server = Neo4jServer.start(work.resolve("neo4j"))) {
      say(
          "Neo4j serves Bolt on 127.0.0.1:%d and backups on 127.0.0.1:%d",
          server.boltPort(), server.backupPort());
      try (ChainWriter writer = ChainWriter.start(server.driver())) {
        awaitWrites(writer, 500);
        say(
            "A writer commits one (:Chain {n}) node per transaction; %d committed so far",
            writer.committed());
        Path target = work.resolve("backup");
        OnlineBackup source = OnlineBackup.from(server.backupUri()).verify(true);

        say(
            "Taking a full backup from %s into %s while the writer keeps writing",
            server.backupUri(), target);
        BackupResult full = source.full(target);
        say(
            "Full backup done in %.1f s: %d files, %d bytes, transactions %d to %d, store %s",
            seconds(full),
            full.files(),
            full.bytes(),
            full.firstTxId(),
            full.lastTxId(),
            full.storeId());
        say("Consistency checker: %s", full.verification());

        awaitWrites(writer, writer.committed() + 300);
        long before = writer.committed();
        say(
            "Taking an incremental backup into the same directory (automatic mode); %d nodes committed so far",
            before);
        BackupResult incremental = source.backup(target);
        long after = writer.stop();
        say(
            "%s backup done in %.1f s: %d bytes of transaction logs, transactions %d to %d, no store file copied",
            incremental.mode(),
            seconds(incremental),
            incremental.bytes(),
            incremental.firstTxId(),
            incremental.lastTxId());
        say("Consistency checker: %s", incremental.verification());
        say(
            "The writer had committed %d nodes when the incremental started and %d when it stopped",
            before, after);

        BackupInspector.Chain chain =
            BackupInspector.readChain(target, "neo4j", Files.createTempDirectory(work, "inspect"));
        say(
            "Booted a copy of the backup as a read-only database: it holds chain nodes %d..%d (%d nodes)",
            chain.min(), chain.max(), chain.count());
        if (!chain.contiguous() || chain.max() < before || chain.max() > after) {
          say(
              "FAILED: the backup does not hold a contiguous chain of at least %d and at most %d nodes",
              before, after);
          System.exit(1);
        }
        say(
            "OK: every write committed before the incremental started is there, with no gap (%d..%d).",
            chain.min(), chain.max());
      }
    }
    say(
        "Done. The backup stays in %s; bin/neo4j-backup --help for the command line, README.md for restore.",
        work.resolve("backup"));
  }

  private static double seconds(BackupResult result) {
    return result.duration().toMillis() / 1000.0;
  }

  private static void awaitWrites(ChainWriter writer, long count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (writer.committed() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1fs] %s%n",
        (System.nanoTime() - START) / 1e9,
        String.format(Locale.ROOT, format, args));
  }
}

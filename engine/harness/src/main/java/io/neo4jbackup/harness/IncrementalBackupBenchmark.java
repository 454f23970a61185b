package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times an incremental backup after about 1% of a store of at least 1 GiB changed, against a full
 * backup of the same store, and prints the ratio. Each round takes a full backup, changes 1% of the
 * store's size in new data, then takes an incremental into that backup. Each timed backup starts
 * after {@code sync}, so it does not wait behind the writeback of data the benchmark just wrote.
 *
 * <p>Usage: {@code IncrementalBackupBenchmark [WORK_DIR] [STORE_MIB] [ROUNDS]}.
 */
public final class IncrementalBackupBenchmark {
  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/benchmark").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(work);
    Path backup = work.resolve("incremental-backup");
    List<Double> fullSeconds = new ArrayList<>();
    List<Double> incrementalSeconds = new ArrayList<>();
    try (Neo4jServer server = Neo4jServer.start(work.resolve("neo4j"))) {
      long storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      long missingMib = storeMib - storeBytes / (1024 * 1024);
      if (missingMib > 0) {
        System.out.printf("Loading about %d MiB (once; later runs reuse it)%n", missingMib);
        Ballast.add(server.driver(), (int) missingMib);
        storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      }
      int changeMib = (int) Math.max(1, storeBytes / 100 / (1024 * 1024));
      System.out.printf(
          Locale.ROOT,
          "Store: %.2f GiB; each round changes %d MiB (1%%)%n",
          storeBytes / (double) (1L << 30),
          changeMib);
      OnlineBackup source = OnlineBackup.from(server.backupUri());
      for (int round = 1; round <= rounds; round++) {
        Directories.delete(backup);
        Commands.sync();
        long start = System.nanoTime();
        source.full(backup);
        double full = (System.nanoTime() - start) / 1e9;
        Ballast.add(server.driver(), changeMib);
        Commands.sync();
        start = System.nanoTime();
        PhaseTimes phases = new PhaseTimes();
        BackupResult incremental = source.progress(phases).incremental(backup);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        fullSeconds.add(full);
        incrementalSeconds.add(seconds);
        System.out.printf(
            Locale.ROOT,
            "  round %d: full %.2f s, incremental %.2f s (%d bytes of logs, transactions %d to %d;"
                + " %s)%n",
            round,
            full,
            seconds,
            incremental.bytes(),
            incremental.firstTxId(),
            incremental.lastTxId(),
            phases.describe(end));
      }
    }
    double full = median(fullSeconds);
    double incremental = median(incrementalSeconds);
    System.out.printf(
        Locale.ROOT,
        "RESULT full_median=%.2fs incremental_median=%.2fs ratio=%.3f (target <= 0.05)%n",
        full,
        incremental,
        incremental / full);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}

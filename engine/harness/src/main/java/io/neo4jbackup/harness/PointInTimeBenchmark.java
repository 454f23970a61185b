package io.neo4jbackup.harness;

import io.neo4jbackup.client.Inspection;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.BackupResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times a restore to an instant in the middle of a chain against a restore of the chain's newest
 * state, and prints the space the chain takes against its store plus its logs (what a backup that
 * keeps only its newest state takes). The chain is a full backup of a store of at least 1 GiB and
 * ten incrementals, each after about 1% of the store's size in new data; the instant is taken after
 * the fifth. Each timed restore starts after {@code sync}, into an absent data directory.
 *
 * <p>Usage: {@code PointInTimeBenchmark [WORK_DIR] [STORE_MIB] [ROUNDS]}.
 */
public final class PointInTimeBenchmark {
  private static final int INCREMENTALS = 10;

  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/benchmark").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(work);
    Path chain = work.resolve("pitr-chain");
    Path data = work.resolve("pitr-restored");
    Directories.delete(chain);
    Instant middle = null;
    long middleTx = 0;
    try (Neo4jServer server =
        Neo4jServer.start(work.resolve("neo4j"), Map.of("db.tx_log.preallocate", "false"))) {
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
          "Store: %.2f GiB; a full backup, then %d incrementals of %d MiB (1%%) each%n",
          storeBytes / (double) (1L << 30),
          INCREMENTALS,
          changeMib);
      OnlineBackup source = OnlineBackup.from(server.backupUri());
      Commands.sync();
      long start = System.nanoTime();
      BackupResult full = source.full(chain);
      System.out.printf(
          Locale.ROOT,
          "  full backup with its base: %.2f s, transactions up to %d%n",
          (System.nanoTime() - start) / 1e9,
          full.lastTxId());
      for (int i = 1; i <= INCREMENTALS; i++) {
        Ballast.add(server.driver(), changeMib);
        BackupResult incremental = source.incremental(chain);
        if (i == INCREMENTALS / 2) {
          middle = incremental.window().lastTime();
          middleTx = incremental.lastTxId();
        }
      }
    }
    Inspection.Space space = Inspection.of(chain).space();
    System.out.printf(
        Locale.ROOT,
        "Instant: %s (transaction %d, after incremental %d of %d)%n",
        middle,
        middleTx,
        INCREMENTALS / 2,
        INCREMENTALS);
    List<Double> newest = new ArrayList<>();
    List<Double> pointInTime = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double newestSeconds = timedRestore(chain, data, RestorePoint.newest());
      double instantSeconds = timedRestore(chain, data, RestorePoint.at(middle));
      newest.add(newestSeconds);
      pointInTime.add(instantSeconds);
      System.out.printf(
          Locale.ROOT,
          "  round %d: newest state %.2f s, to the instant %.2f s%n",
          round,
          newestSeconds,
          instantSeconds);
    }
    double newestMedian = median(newest);
    double instantMedian = median(pointInTime);
    long storeAndLogs = space.newestStore() + space.transactionLogs();
    System.out.printf(
        Locale.ROOT,
        "Space: chain %.2f GiB (base %.2f GiB, newest store %.2f GiB, logs %.2f GiB)%n",
        gib(space.total()),
        gib(space.base()),
        gib(space.newestStore()),
        gib(space.transactionLogs()));
    System.out.printf(
        Locale.ROOT,
        "RESULT restore_newest_median=%.2fs restore_to_instant_median=%.2fs ratio=%.3f"
            + " chain_over_store_plus_logs=%.3f chain_beyond_logs_over_store=%.3f"
            + " (target < 2.1)%n",
        newestMedian,
        instantMedian,
        instantMedian / newestMedian,
        space.total() / (double) storeAndLogs,
        (space.total() - space.transactionLogs()) / (double) space.newestStore());
  }

  private static double timedRestore(Path chain, Path data, RestorePoint point) throws Exception {
    Directories.delete(data);
    Commands.sync();
    long start = System.nanoTime();
    new Restore(Clock.systemUTC()).restore(chain, data, null, false, point, false);
    Commands.sync();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}

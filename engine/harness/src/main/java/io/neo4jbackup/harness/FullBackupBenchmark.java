package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Times a full online backup of a store of at least 1 GiB against {@code cp -r} plus {@code sync}
 * of the same store, stopped, on the same disk, and prints the ratio. The copy takes the database
 * directory and the transaction log files the backup holds. The server runs without log
 * preallocation, so that those files hold only what is written in them, as the backup's do; a
 * preallocated log would have the copy write hundreds of megabytes the backup leaves out. The
 * result line prints the bytes each side wrote. The store is built once and kept in the work
 * directory for later runs.
 *
 * <p>Usage: {@code FullBackupBenchmark [WORK_DIR] [STORE_MIB] [ROUNDS]}.
 */
public final class FullBackupBenchmark {
  /**
   * Backups taken before the timed rounds. The benchmark starts the server afresh, and for its
   * first few backups both JVMs are still compiling their hot paths (seen with {@code perf}: the C2
   * compiler threads take up to three quarters of a CPU through the third backup). A server in
   * production has long been warm. The first, cold, backup is printed as well: a one-shot {@code
   * neo4j-backup} process pays that on its side each time.
   */
  private static final int WARM_UP_ROUNDS = 3;

  /**
   * One-shot {@code bin/neo4j-backup} processes timed after the rounds, against the warm server.
   */
  private static final int PROCESS_ROUNDS = 3;

  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/benchmark").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Files.createDirectories(work);
    Path home = work.resolve("neo4j");
    Path backup = work.resolve("backup");
    List<Double> warmUpSeconds = new ArrayList<>();
    List<Double> backupSeconds = new ArrayList<>();
    List<Double> processSeconds = new ArrayList<>();
    long storeBytes;
    long backupBytes = 0;
    try (Neo4jServer server = Neo4jServer.start(home, Map.of("db.tx_log.preallocate", "false"))) {
      long missingMib =
          storeMib - Directories.size(server.databaseDirectory("neo4j")) / (1024 * 1024);
      if (missingMib > 0) {
        System.out.printf(
            "Loading about %d MiB into %s (once; later runs reuse it)%n", missingMib, home);
        Ballast.add(server.driver(), (int) missingMib);
      }
      storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      System.out.printf(
          Locale.ROOT,
          "Store: %.2f GiB in the database directory%n",
          storeBytes / (double) (1L << 30));
      for (int round = 1 - WARM_UP_ROUNDS; round <= rounds; round++) {
        Directories.delete(backup);
        settle();
        long start = System.nanoTime();
        PhaseTimes phases = new PhaseTimes();
        BackupResult result = OnlineBackup.from(server.backupUri()).progress(phases).full(backup);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        if (round < 1) {
          warmUpSeconds.add(seconds);
        } else {
          backupSeconds.add(seconds);
        }
        backupBytes = result.bytes();
        System.out.printf(
            Locale.ROOT,
            "  %s %d: online full backup %.2f s (%d bytes, %d files; %s)%n",
            round < 1 ? "warm-up" : "round",
            round < 1 ? round + WARM_UP_ROUNDS : round,
            seconds,
            result.bytes(),
            result.files(),
            phases.describe(end));
      }
      // What a user, or the operator's Job, runs: a new neo4j-backup process against a warm server.
      for (int round = 1; round <= PROCESS_ROUNDS; round++) {
        Directories.delete(backup);
        settle();
        long start = System.nanoTime();
        Commands.run(
            "bin/neo4j-backup", "-full", "-from", server.backupUri(), "-to", backup.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        processSeconds.add(seconds);
        System.out.printf(
            Locale.ROOT, "  process %d: bin/neo4j-backup -full %.2f s%n", round, seconds);
      }
    }
    List<String> logFiles = names(backup.resolve("transactions/neo4j"));
    List<Double> copySeconds = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double seconds = copy(home, work, logFiles);
      copySeconds.add(seconds);
      System.out.printf(
          Locale.ROOT,
          "  round %d: cp -r + sync of the stopped store (database and %s) %.2f s%n",
          round,
          logFiles,
          seconds);
    }
    long copyBytes = Directories.size(work.resolve("copy"));
    double backupCold = warmUpSeconds.get(0);
    double backupMedian = median(backupSeconds);
    double copyMedian = median(copySeconds);
    System.out.printf(
        Locale.ROOT,
        "RESULT store=%.2fGiB backup_bytes=%d copy_bytes=%d backup_cold=%.2fs backup_median=%.2fs copy_median=%.2fs ratio=%.2f (target <= 1.20) process_median=%.2fs process_ratio=%.2f caches_dropped=%s%n",
        storeBytes / (double) (1L << 30),
        backupBytes,
        copyBytes,
        backupCold,
        backupMedian,
        copyMedian,
        backupMedian / copyMedian,
        median(processSeconds),
        median(processSeconds) / copyMedian,
        cachesDropped);
  }

  /**
   * Copies the stopped store's database directory and {@code logFiles} into {@code WORK/copy} with
   * {@code cp} and {@code sync}, timed from a settled start.
   */
  private static double copy(Path home, Path work, List<String> logFiles)
      throws IOException, InterruptedException {
    Path copy = work.resolve("copy");
    Directories.delete(copy);
    Files.createDirectories(copy.resolve("transactions"));
    settle();
    long start = System.nanoTime();
    Commands.run(
        "cp",
        "-r",
        home.resolve("data/databases/neo4j").toString(),
        copy.resolve("databases").toString());
    for (String log : logFiles) {
      Commands.run(
          "cp",
          home.resolve("data/transactions/neo4j").resolve(log).toString(),
          copy.resolve("transactions").toString());
    }
    Commands.sync();
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Starts each timed round alike: earlier writes flushed and, where permitted (root), the page
   * cache dropped so that both sides read the store from disk.
   */
  private static void settle() throws IOException, InterruptedException {
    Commands.sync();
    Path dropCaches = Path.of("/proc/sys/vm/drop_caches");
    if (Files.isWritable(dropCaches)) {
      Files.writeString(dropCaches, "3");
      cachesDropped = true;
    }
  }

  private static boolean cachesDropped;

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}

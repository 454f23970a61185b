package io.neo4jbackup.harness;

import io.neo4jbackup.client.BackupResult;
import io.neo4jbackup.client.OnlineBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times a full online backup of a store of at least 1 GiB against {@code cp -r} plus {@code sync}
 * of the same store, stopped, on the same disk, and prints the ratio. The store is built once and
 * kept in the work directory for later runs.
 *
 * <p>Usage: {@code FullBackupBenchmark [WORK_DIR] [STORE_MIB] [ROUNDS]}.
 */
public final class FullBackupBenchmark {
  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/benchmark").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(work);
    Path home = work.resolve("neo4j");
    List<Double> backupSeconds = new ArrayList<>();
    List<Double> copySeconds = new ArrayList<>();
    long storeBytes;
    try (Neo4jServer server = Neo4jServer.start(home)) {
      long existing = sizeOf(server.databaseDirectory("neo4j"));
      if (existing < storeMib * 1024L * 1024) {
        System.out.printf(
            "Loading about %d MiB into %s (once; later runs reuse it)%n", storeMib, home);
        Ballast.add(server.driver(), storeMib);
      }
      storeBytes =
          sizeOf(server.databaseDirectory("neo4j"))
              + sizeOf(server.transactionLogDirectory("neo4j"));
      System.out.printf(
          "Store: %.2f GiB (database and transaction logs)%n", storeBytes / (double) (1L << 30));
      for (int round = 1; round <= rounds; round++) {
        Path target = work.resolve("backup");
        BackupDirectoryCleaner.delete(target);
        long start = System.nanoTime();
        BackupResult result = OnlineBackup.from(server.backupUri()).full(target);
        double seconds = (System.nanoTime() - start) / 1e9;
        backupSeconds.add(seconds);
        System.out.printf(
            Locale.ROOT,
            "  round %d: online full backup %.2f s (%d bytes, %d files)%n",
            round,
            seconds,
            result.bytes(),
            result.files());
      }
    }
    for (int round = 1; round <= rounds; round++) {
      Path copy = work.resolve("copy");
      BackupDirectoryCleaner.delete(copy);
      Files.createDirectories(copy);
      long start = System.nanoTime();
      run(
          "cp",
          "-r",
          home.resolve("data/databases/neo4j").toString(),
          copy.resolve("databases").toString());
      run(
          "cp",
          "-r",
          home.resolve("data/transactions/neo4j").toString(),
          copy.resolve("transactions").toString());
      run("sync");
      double seconds = (System.nanoTime() - start) / 1e9;
      copySeconds.add(seconds);
      System.out.printf(
          Locale.ROOT, "  round %d: cp -r + sync of the stopped store %.2f s%n", round, seconds);
    }
    double backup = median(backupSeconds);
    double copy = median(copySeconds);
    System.out.printf(
        Locale.ROOT,
        "RESULT store=%.2fGiB backup_median=%.2fs copy_median=%.2fs ratio=%.2f (target <= 1.20)%n",
        storeBytes / (double) (1L << 30),
        backup,
        copy,
        backup / copy);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long sizeOf(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  /** Deletes a directory tree if it exists. */
  private static final class BackupDirectoryCleaner {
    static void delete(Path root) throws IOException {
      if (!Files.exists(root)) {
        return;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path :
            (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.delete(path);
        }
      }
    }
  }
}

package io.neo4jbackup.harness;

import io.neo4jbackup.client.BackupResult;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.TlsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times full online backups of the same store from two servers running side by side, one with a
 * plain-text backup port and one with mutual TLS and a shared secret, alternating between them
 * round by round so that both see the same machine load, and prints the ratio of the median times.
 * The store is built once (the TLS server gets a copy of it) and kept in the work directory.
 *
 * <p>Usage: {@code TlsBenchmark [WORK_DIR] [STORE_MIB] [ROUNDS]}.
 */
public final class TlsBenchmark {
  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/benchmark-tls").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Files.createDirectories(work);
    Path plainHome = work.resolve("neo4j-plain");
    Path tlsHome = work.resolve("neo4j-tls");
    if (!Files.exists(tlsHome.resolve("data"))) {
      try (Neo4jServer server = Neo4jServer.start(plainHome)) {
        System.out.printf("Loading about %d MiB into %s (once)%n", storeMib, plainHome);
        Ballast.add(server.driver(), storeMib);
      }
      Directories.copy(plainHome.resolve("data"), tlsHome.resolve("data"));
    }
    TestCertificates.Authority ca = TestCertificates.authority(work.resolve("pki"), "benchmark");
    Path secret = Files.writeString(work.resolve("secret"), "benchmark-secret-0123456789abcdef");
    List<Double> plain = new ArrayList<>();
    List<Double> tls = new ArrayList<>();
    long bytes = 0;
    try (Neo4jServer plainServer = Neo4jServer.start(plainHome);
        Neo4jServer tlsServer =
            Neo4jServer.start(
                tlsHome,
                Map.of(
                    "server.online_backup.tls.enabled", "true",
                    "server.online_backup.tls.certificate", ca.server().certificate().toString(),
                    "server.online_backup.tls.private_key", ca.server().key().toString(),
                    "server.online_backup.tls.client_ca", ca.certificate().toString(),
                    "server.online_backup.shared_secret_file", secret.toString()))) {
      OnlineBackup plainBackup = OnlineBackup.from(plainServer.backupUri());
      OnlineBackup tlsBackup =
          OnlineBackup.from(tlsServer.backupUri())
              .tls(
                  TlsOptions.trusting(ca.certificate())
                      .clientCertificate(ca.client().certificate(), ca.client().key()))
              .sharedSecret(secret);
      for (int round = 1; round <= rounds; round++) {
        plain.add(time("plain text", round, plainBackup, work));
        tls.add(time("mutual TLS + shared secret", round, tlsBackup, work));
        bytes = Directories.size(work.resolve("backup"));
      }
    }
    // The first round of each also loads and JIT-compiles its code paths.
    double plainMedian = median(plain.subList(Math.min(1, rounds - 1), rounds));
    double tlsMedian = median(tls.subList(Math.min(1, rounds - 1), rounds));
    // Each round's two backups ran back to back, under about the same load from other processes.
    List<Double> paired = new ArrayList<>();
    for (int round = Math.min(1, rounds - 1); round < rounds; round++) {
      paired.add(tls.get(round) / plain.get(round));
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT backup=%.2fGiB plain_median=%.2fs (%.0f MiB/s) tls_median=%.2fs (%.0f MiB/s)"
            + " ratio=%.2f paired_ratio_median=%.2f (target <= 1.50)%n",
        bytes / (double) (1L << 30),
        plainMedian,
        bytes / plainMedian / (1 << 20),
        tlsMedian,
        bytes / tlsMedian / (1 << 20),
        tlsMedian / plainMedian,
        median(paired));
  }

  private static double time(String mode, int round, OnlineBackup backup, Path work)
      throws IOException, InterruptedException {
    Path target = work.resolve("backup");
    Directories.delete(target);
    run("sync");
    long start = System.nanoTime();
    BackupResult result = backup.full(target);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "  round %d %s: full backup %.2f s (%d bytes, %d files)%n",
        round,
        mode,
        seconds,
        result.bytes(),
        result.files());
    return seconds;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}

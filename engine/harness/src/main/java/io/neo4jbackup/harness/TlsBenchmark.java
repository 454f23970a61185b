package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.TlsOptions;
import io.neo4jbackup.contract.BackupResult;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times full online backups of the same store from three servers running side by side: one with a
 * plain-text backup port, and two with mutual TLS and a shared secret, one using the JDK's TLS
 * (Neo4j's default) and one BoringSSL ({@code dbms.netty.ssl.provider=OPENSSL}). It alternates
 * between them round by round, so that all see about the same machine load, and prints the ratio of
 * each TLS median to the plain-text one. The client uses BoringSSL where it loads, as the engine
 * does. The store is built once (the TLS servers get copies) and kept in the work directory.
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
    List<Path> tlsHomes = List.of(work.resolve("neo4j-tls"), work.resolve("neo4j-tls-openssl"));
    if (!Files.exists(plainHome.resolve("data"))) {
      try (Neo4jServer server = Neo4jServer.start(plainHome)) {
        System.out.printf("Loading about %d MiB into %s (once)%n", storeMib, plainHome);
        Ballast.add(server.driver(), storeMib);
      }
    }
    for (Path home : tlsHomes) {
      if (!Files.exists(home.resolve("data"))) {
        Directories.copy(plainHome.resolve("data"), home.resolve("data"));
      }
    }
    TestCertificates.Authority ca = TestCertificates.authority(work.resolve("pki"), "benchmark");
    Path secret = Files.writeString(work.resolve("secret"), "benchmark-secret-0123456789abcdef");
    Map<String, String> tlsSettings =
        Map.of(
            "server.online_backup.tls.enabled", "true",
            "server.online_backup.tls.certificate", ca.server().certificate().toString(),
            "server.online_backup.tls.private_key", ca.server().key().toString(),
            "server.online_backup.tls.client_ca", ca.certificate().toString(),
            "server.online_backup.shared_secret_file", secret.toString());
    Map<String, String> openSslSettings = new HashMap<>(tlsSettings);
    openSslSettings.put(Neo4jServer.SSL_PROVIDER, Neo4jServer.OPENSSL);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    long bytes = 0;
    try (Neo4jServer plainServer = Neo4jServer.start(plainHome);
        Neo4jServer jdkServer = Neo4jServer.start(tlsHomes.get(0), tlsSettings);
        Neo4jServer openSslServer = Neo4jServer.start(tlsHomes.get(1), openSslSettings)) {
      TlsOptions tls =
          TlsOptions.trusting(ca.certificate())
              .clientCertificate(ca.client().certificate(), ca.client().key());
      Map<String, OnlineBackup> backups = new LinkedHashMap<>();
      backups.put("plain text", OnlineBackup.from(plainServer.backupUri()));
      backups.put(
          "TLS, JDK server",
          OnlineBackup.from(jdkServer.backupUri()).tls(tls).sharedSecret(secret));
      backups.put(
          "TLS, OpenSSL server",
          OnlineBackup.from(openSslServer.backupUri()).tls(tls).sharedSecret(secret));
      System.out.printf(
          "Client TLS: %s; TLS is mutual, with a shared secret%n",
          OpenSsl.isAvailable() ? OpenSsl.versionString() + " (OpenSSL provider)" : "JDK");
      for (int round = 1; round <= rounds; round++) {
        for (var backup : backups.entrySet()) {
          times
              .computeIfAbsent(backup.getKey(), k -> new ArrayList<>())
              .add(time(backup.getKey(), round, backup.getValue(), work));
        }
        bytes = Directories.size(work.resolve("backup"));
      }
    }
    // The first round also loads and JIT-compiles the code paths: left out.
    int first = Math.min(1, rounds - 1);
    List<Double> plain = times.get("plain text");
    double plainMedian = median(plain.subList(first, rounds));
    System.out.printf(
        Locale.ROOT,
        "RESULT backup=%.2fGiB plain_median=%.2fs (%.0f MiB/s)%n",
        bytes / (double) (1L << 30),
        plainMedian,
        bytes / plainMedian / (1 << 20));
    for (String mode : List.of("TLS, JDK server", "TLS, OpenSSL server")) {
      List<Double> tls = times.get(mode);
      double tlsMedian = median(tls.subList(first, rounds));
      // Each round's backups ran back to back, under about the same load from other processes.
      List<Double> paired = new ArrayList<>();
      for (int round = first; round < rounds; round++) {
        paired.add(tls.get(round) / plain.get(round));
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT %s: median=%.2fs (%.0f MiB/s) ratio=%.2f paired_ratio_median=%.2f"
              + " (target <= 1.50)%n",
          mode,
          tlsMedian,
          bytes / tlsMedian / (1 << 20),
          tlsMedian / plainMedian,
          median(paired));
    }
  }

  private static double time(String mode, int round, OnlineBackup backup, Path work)
      throws IOException, InterruptedException {
    Path target = work.resolve("backup");
    Directories.delete(target);
    Commands.sync();
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
}

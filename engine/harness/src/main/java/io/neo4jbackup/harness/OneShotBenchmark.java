package io.neo4jbackup.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.Session;

/**
 * What a backup Job pays: {@code bin/neo4j-backup} as a new process each time, as the operator runs
 * it, with the engine image's JVM flags ({@code NEO4J_BACKUP_JAVA_OPTS}, by default the image's
 * own, read from {@code engine/client/src/main/jvm/java-options}). For each store size, side by
 * side in one run: {@code cp -r} + {@code sync} of the store and its logs, a one-shot full backup
 * (both from a dropped page cache where permitted), then 1,000 one-node transactions and a one-shot
 * incremental, then 1,000 more and a one-shot incremental with {@code -verify} (both after {@code
 * sync}, page cache kept: a Job on a busy node). Each process's peak RSS comes from {@code
 * /usr/bin/time}, its phases from its {@code -json} line ({@code exit}: what the wall time has
 * beyond them, the JVM's exit and the process's start before the JVM's clock).
 *
 * <p>Usage: {@code OneShotBenchmark [WORK_DIR] [STORE_MIB,...] [ROUNDS]}; stores are made once and
 * reused by later runs in the same WORK_DIR. With {@code ONESHOT_JFR_DIR} set, each process also
 * records a JFR profile there, with {@code ONESHOT_CLASSLIST_DIR} the classes it loaded (the
 * training run of the engine's class-data sharing archive); not for figures, both cost time.
 */
public final class OneShotBenchmark {
  /** The engine's default JVM options, which the image's entry point and bin/neo4j-backup use. */
  private static final Path IMAGE_FLAGS = Path.of("engine/client/src/main/jvm/java-options");

  private static final int TRANSACTIONS = 1000;

  /** One process: its wall time, peak RSS and, for a backup, the phases its -json line gave. */
  private record Run(double seconds, long peakRssKib, Map<String, Double> phases) {}

  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/oneshot").toAbsolutePath();
    List<Integer> sizes =
        Arrays.stream((args.length > 1 ? args[1] : "260,2600").split(","))
            .map(Integer::parseInt)
            .toList();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Files.createDirectories(work);
    String flags = System.getenv().getOrDefault("NEO4J_BACKUP_JAVA_OPTS", "");
    if (flags.isBlank()) {
      flags = imageFlags();
    }
    System.out.printf("Engine JVM flags (NEO4J_BACKUP_JAVA_OPTS): %s%n", flags);

    List<Run> versions = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      versions.add(engine(work, flags, "--version"));
    }
    System.out.printf(
        Locale.ROOT,
        "neo4j-backup --version: %.2f s, peak RSS %d MiB%n",
        median(versions, Run::seconds),
        (long) median(versions, run -> run.peakRssKib() / 1024.0));

    for (int size : sizes) {
      measure(work, flags, size, rounds);
    }
  }

  private static void measure(Path work, String flags, int storeMib, int rounds) throws Exception {
    Path backup = work.resolve("backup-" + storeMib);
    List<Double> copies = new ArrayList<>();
    List<Run> fulls = new ArrayList<>();
    List<Run> incrementals = new ArrayList<>();
    List<Run> verified = new ArrayList<>();
    try (Neo4jServer server = Neo4jServer.start(work.resolve("neo4j-" + storeMib))) {
      long storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      long missingMib = storeMib - storeBytes / (1024 * 1024);
      if (missingMib > 0) {
        System.out.printf("Loading about %d MiB (once; later runs reuse it)%n", missingMib);
        Ballast.add(server.driver(), (int) missingMib);
        storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      }
      long logBytes = Directories.size(server.transactionLogDirectory("neo4j"));
      System.out.printf(
          Locale.ROOT,
          "Store %d MiB: %.0f MiB of database, %.0f MiB of transaction logs%n",
          storeMib,
          storeBytes / 1048576.0,
          logBytes / 1048576.0);
      for (int round = 1; round <= rounds; round++) {
        copies.add(copy(server, work.resolve("copy")));
        Directories.delete(backup);
        settle(true);
        fulls.add(
            engine(
                work,
                flags,
                "-full",
                "-json",
                "-from",
                server.backupUri(),
                "-to",
                backup.toString()));
        write(server, TRANSACTIONS);
        settle(false);
        incrementals.add(
            engine(
                work,
                flags,
                "-incremental",
                "-json",
                "-from",
                server.backupUri(),
                "-to",
                backup.toString()));
        write(server, TRANSACTIONS);
        settle(false);
        verified.add(
            engine(
                work,
                flags,
                "-incremental",
                "-verify",
                "-json",
                "-from",
                server.backupUri(),
                "-to",
                backup.toString()));
        System.out.printf(
            Locale.ROOT,
            "  round %d: cp -r + sync %.2f s; full %.2f s (%d MiB RSS); incremental %.2f s (%d MiB);"
                + " incremental -verify %.2f s (%d MiB)%n",
            round,
            copies.get(copies.size() - 1),
            last(fulls).seconds(),
            last(fulls).peakRssKib() / 1024,
            last(incrementals).seconds(),
            last(incrementals).peakRssKib() / 1024,
            last(verified).seconds(),
            last(verified).peakRssKib() / 1024);
        System.out.printf(
            "    full: %s%n    incremental: %s%n    incremental -verify: %s%n",
            describe(last(fulls)), describe(last(incrementals)), describe(last(verified)));
      }
    }
    double copy = copies.stream().sorted().toList().get(copies.size() / 2);
    double full = median(fulls, Run::seconds);
    System.out.printf(
        Locale.ROOT,
        "RESULT store_mib=%d copy_median=%.2fs full_median=%.2fs full_ratio=%.2f"
            + " incremental_median=%.2fs verify_median=%.2fs peak_rss_mib full=%d incremental=%d"
            + " verify=%d%n",
        storeMib,
        copy,
        full,
        full / copy,
        median(incrementals, Run::seconds),
        median(verified, Run::seconds),
        (long) median(fulls, run -> run.peakRssKib() / 1024.0),
        (long) median(incrementals, run -> run.peakRssKib() / 1024.0),
        (long) median(verified, run -> run.peakRssKib() / 1024.0));
  }

  /** The options of {@link #IMAGE_FLAGS}, one a line, without comments, joined by spaces. */
  private static String imageFlags() throws IOException {
    return String.join(
        " ",
        Files.readAllLines(IMAGE_FLAGS).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList());
  }

  /** {@code bin/neo4j-backup ARGS} as a new process under {@code /usr/bin/time}: time, peak RSS. */
  private static Run engine(Path work, String flags, String... arguments)
      throws IOException, InterruptedException {
    Path rss = work.resolve("rss.txt");
    List<String> command =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
    command.add("bin/neo4j-backup");
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    String label = String.join("", arguments).replaceAll("[^a-z]", "");
    String traced = flags;
    String jfr = System.getenv("ONESHOT_JFR_DIR");
    if (jfr != null) {
      traced +=
          " -XX:StartFlightRecording=settings=profile,filename="
              + Path.of(jfr, label + "-" + System.nanoTime() + ".jfr");
    }
    String classList = System.getenv("ONESHOT_CLASSLIST_DIR");
    if (classList != null) {
      traced +=
          " -XX:DumpLoadedClassList="
              + Path.of(classList, label + "-" + System.nanoTime() + ".classlist");
    }
    builder.environment().put("NEO4J_BACKUP_JAVA_OPTS", traced);
    Path log = work.resolve("engine-" + label + ".log");
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(
          "neo4j-backup "
              + String.join(" ", arguments)
              + " exited with "
              + exit
              + ": "
              + Files.readString(log));
    }
    List<String> lines = Files.readAllLines(rss);
    return new Run(
        seconds,
        Long.parseLong(lines.get(lines.size() - 1).strip()),
        phases(Files.readAllLines(log)));
  }

  /** The phases of the engine's -json line (the last line), in seconds; empty without one. */
  private static Map<String, Double> phases(List<String> output) throws IOException {
    Map<String, Double> phases = new LinkedHashMap<>();
    if (output.isEmpty() || !output.get(output.size() - 1).startsWith("{")) {
      return phases;
    }
    JsonNode line = new ObjectMapper().readTree(output.get(output.size() - 1));
    for (JsonNode phase : line.path("result").path("phases")) {
      phases.put(
          phase.path("phase").asText(),
          Duration.parse(phase.path("duration").asText()).toNanos() / 1e9);
    }
    return phases;
  }

  /**
   * {@code cp -r} of the live store's database and logs, then {@code sync}, from a settled start.
   */
  private static double copy(Neo4jServer server, Path copy)
      throws IOException, InterruptedException {
    Directories.delete(copy);
    Files.createDirectories(copy);
    settle(true);
    long start = System.nanoTime();
    Commands.run(
        "cp",
        "-r",
        server.databaseDirectory("neo4j").toString(),
        server.transactionLogDirectory("neo4j").toString(),
        copy.toString());
    Commands.sync();
    return (System.nanoTime() - start) / 1e9;
  }

  /** {@code count} transactions of one node each. */
  private static void write(Neo4jServer server, int count) {
    try (Session session = server.driver().session()) {
      for (int i = 0; i < count; i++) {
        session.executeWrite(tx -> tx.run("CREATE (:OneShot {at: timestamp()})").consume());
      }
    }
  }

  /** Earlier writes flushed; with {@code dropCaches}, the page cache dropped where permitted. */
  private static void settle(boolean dropCaches) throws IOException, InterruptedException {
    Commands.sync();
    Path drop = Path.of("/proc/sys/vm/drop_caches");
    if (dropCaches && Files.isWritable(drop)) {
      Files.writeString(drop, "3");
    }
  }

  /** "jvm 0.21 s, startUp 0.40 s, ..., other 0.05 s": the phases, and the rest of the wall time. */
  private static String describe(Run run) {
    StringBuilder text = new StringBuilder();
    double sum = 0;
    for (Map.Entry<String, Double> phase : run.phases().entrySet()) {
      text.append(String.format(Locale.ROOT, "%s %.2f s, ", phase.getKey(), phase.getValue()));
      sum += phase.getValue();
    }
    return text.append(String.format(Locale.ROOT, "exit %.2f s", run.seconds() - sum)).toString();
  }

  private static Run last(List<Run> runs) {
    return runs.get(runs.size() - 1);
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}

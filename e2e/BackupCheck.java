import io.neo4jbackup.harness.BackupInspector;
import io.neo4jbackup.harness.Directories;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.consistency.ConsistencyCheckService;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.logging.NullLogProvider;

/**
 * The end-to-end suite's checks from outside the cluster, run by e2e/run with Java's source
 * launcher on the harness's class path:
 *
 * <pre>
 *   write BOLT_URI COUNT_FILE          continues the numbered chain (:Chain {n}), one transaction
 *                                      per node, until stopped (SIGTERM), keeping the highest
 *                                      committed n in COUNT_FILE
 *   check BACKUP_DIR DATABASE MIN_N    a copy of the backup passes Neo4j's consistency checker,
 *                                      boots, and holds the chain 1..N without a gap, N >= MIN_N
 *   chain BOLT_URI                     prints the chain a running Neo4j holds: COUNT MAX DISTINCT
 * </pre>
 *
 * Exit status 0 when it holds, 1 with the reason on stderr otherwise.
 */
public final class BackupCheck {
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("write")) {
      write(args[1], Path.of(args[2]));
    } else if (args.length == 2 && args[0].equals("chain")) {
      chain(args[1]);
    } else if (args.length == 4 && args[0].equals("check")) {
      System.exit(check(Path.of(args[1]), args[2], Long.parseLong(args[3])) ? 0 : 1);
    } else {
      System.err.println(
          "usage: BackupCheck write BOLT_URI COUNT_FILE | check BACKUP_DIR DATABASE MIN_N"
              + " | chain BOLT_URI");
      System.exit(2);
    }
  }

  /**
   * Continues the chain from the highest n the database holds (a store seeded from a backup
   * already has one), one transaction per node, keeping the highest committed n in {@code
   * countFile}, until the process is stopped.
   */
  private static void write(String uri, Path countFile) throws Exception {
    Driver driver = GraphDatabase.driver(uri, AuthTokens.none());
    AtomicLong committed = new AtomicLong();
    AtomicBoolean stopping = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  try {
                    main.join(10_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  writeCount(countFile, committed.get());
                }));
    try (Session session = driver.session()) {
      session.run("CREATE INDEX chain_n IF NOT EXISTS FOR (c:Chain) ON (c.n)").consume();
      session.run("CALL db.awaitIndexes(60)").consume();
      committed.set(
          session.run("MATCH (c:Chain) RETURN coalesce(max(c.n), 0) AS n").single().get("n").asLong());
      long lastWritten = 0;
      while (!stopping.get()) {
        long next = committed.get() + 1;
        session.executeWrite(
            tx -> tx.run("CREATE (:Chain {n: $n, at: timestamp()})", Map.of("n", next)).consume());
        committed.set(next);
        if (System.nanoTime() - lastWritten > 100_000_000L) {
          writeCount(countFile, next);
          lastWritten = System.nanoTime();
        }
      }
    } finally {
      driver.close();
    }
  }

  /** Prints the chain's node count, highest n and distinct n of the database at {@code uri}. */
  private static void chain(String uri) {
    try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none());
        Session session = driver.session()) {
      var row =
          session
              .run(
                  "MATCH (c:Chain) RETURN count(c) AS count, coalesce(max(c.n), 0) AS max,"
                      + " count(DISTINCT c.n) AS distinct")
              .single();
      System.out.println(
          row.get("count").asLong() + " " + row.get("max").asLong() + " " + row.get("distinct").asLong());
    }
  }

  private static void writeCount(Path countFile, long count) {
    try {
      Path tmp = countFile.resolveSibling(countFile.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(count));
      Files.move(tmp, countFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean check(Path backup, String database, long minimum) throws Exception {
    if (!Files.isRegularFile(backup.resolve("neo4j-backup.json"))) {
      System.err.println("FAIL: " + backup + " holds no backup (no neo4j-backup.json)");
      return false;
    }
    Path scratch = Files.createTempDirectory("e2e-check");
    try {
      Path data = scratch.resolve("consistency/data");
      Directories.copy(
          backup.resolve("databases").resolve(database),
          data.resolve("databases").resolve(database));
      Directories.copy(
          backup.resolve("transactions").resolve(database),
          data.resolve("transactions").resolve(database));
      Config config =
          Config.newBuilder()
              .set(GraphDatabaseSettings.neo4j_home, data)
              .set(GraphDatabaseSettings.data_directory, data)
              .build();
      ConsistencyCheckService.Result consistency =
          new ConsistencyCheckService(Neo4jLayout.of(config).databaseLayout(database))
              .with(config)
              .with(scratch.resolve("report"))
              .with(OutputStream.nullOutputStream())
              .with(NullLogProvider.getInstance())
              .runFullConsistencyCheck();
      if (!consistency.isSuccessful()) {
        System.err.println(
            "FAIL: consistency checker: " + consistency.summary() + " " + consistency.reportFile());
        return false;
      }
      BackupInspector.Chain chain =
          BackupInspector.readChain(backup, database, scratch.resolve("boot"));
      String found =
          String.format(
              Locale.ROOT,
              "%s: consistent, boots, chain %d..%d (%d nodes, %d distinct)",
              backup,
              chain.min(),
              chain.max(),
              chain.count(),
              chain.distinct());
      if (!chain.contiguous()) {
        System.err.println("FAIL: " + found + ": the chain has a gap or a duplicate");
        return false;
      }
      if (chain.max() < minimum) {
        System.err.println(
            "FAIL: " + found + ": writes committed before the backup started are missing (want >= "
                + minimum + ")");
        return false;
      }
      System.out.println("OK: " + found);
      return true;
    } finally {
      Directories.delete(scratch);
    }
  }
}

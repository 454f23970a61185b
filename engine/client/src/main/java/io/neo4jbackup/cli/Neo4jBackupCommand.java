package io.neo4jbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.PhaseTimer;
import io.neo4jbackup.client.TlsOptions;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.objectstore.ObjectStoreBackups;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neo4j-backup}: the classic command line ({@code -full|-incremental -from URI -to DIR}),
 * with GNU-style long options as well, {@code restore}, {@code inspect}, {@code drill} and {@code
 * delete}. Exit status: 0 success, 2 bad usage, 3 transient (connection, busy, unavailable, behind,
 * object store unreachable), 4 protocol or integrity (object store integrity too), 5 target
 * directory, 6 failed verification, 7 authentication (object store denied too), 1 anything else.
 */
@Command(
    name = "neo4j-backup",
    mixinStandardHelpOptions = true,
    versionProvider = Neo4jBackupCommand.Version.class,
    sortOptions = false,
    subcommands = {
      RestoreCommand.class,
      InspectCommand.class,
      DrillCommand.class,
      DeleteCommand.class
    },
    description = {
      "Takes an online backup of a Neo4j server that runs the backup service plugin.",
      "With neither -full nor -incremental: full into an absent or empty DIR, incremental into an earlier backup; with s3://bucket/prefix, full when it holds no complete chain, else incremental into the newest."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:success",
      " 1:unexpected failure",
      " 2:bad usage",
      " 3:transient failure: no connection, server busy, database unavailable, every member"
          + " behind, object store unreachable",
      " 4:protocol or integrity failure (other store, diverged history, pruned logs, corrupt data,"
          + " an object that differs from its chain's manifest)",
      " 5:target directory failure (not a backup, not writable, full, in use)",
      " 6:verification failed (consistency checker errors, a restore drill's wrong answer)",
      " 7:authentication failed (TLS certificate, host name or client certificate refused, TLS on"
          + " one side only, wrong or missing shared secret; object store credentials or"
          + " encryption key refused)"
    })
public final class Neo4jBackupCommand implements Callable<Integer> {

  @CommandLine.ArgGroup(exclusive = true)
  private final ModeOption mode = new ModeOption();

  static final class ModeOption {
    @Option(
        names = {EngineArguments.FULL, "--full"},
        description = "Copy the store files and replay the transactions committed meanwhile.")
    boolean full;

    @Option(
        names = {EngineArguments.INCREMENTAL, "--incremental"},
        description = "Copy only the transactions since DIR's backup and replay them over it.")
    boolean incremental;
  }

  @Option(
      names = {EngineArguments.FROM, "--from"},
      paramLabel = "URI",
      description =
          "single://host[:port] or ha://host[:port],host[:port],... (port 6362 by default).")
  String from;

  @Option(
      names = {EngineArguments.TO, "--to"},
      paramLabel = "DIR",
      description =
          "Backup directory: absent, empty, or an earlier backup made by this tool. Or"
              + " s3://bucket/prefix (a full backup starts a new chain there, an incremental"
              + " continues the newest complete one), or s3://bucket/prefix/chain-<time> (an"
              + " incremental continues exactly that chain).")
  Path to;

  @Option(
      names = {EngineArguments.CLUSTER, "--cluster"},
      paramLabel = "NAME",
      description =
          "Only back up servers whose ha.cluster_name is NAME (members of ha:// URIs that"
              + " report different names are refused without it).")
  String cluster;

  @Option(
      names = {EngineArguments.DATABASE, "--database"},
      paramLabel = "NAME",
      defaultValue = OnlineBackup.DEFAULT_DATABASE,
      description = "Database to back up (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = {EngineArguments.VERIFY, "--verify"},
      description = "Run Neo4j's consistency checker on the backup.")
  boolean verify;

  @Option(
      names = {EngineArguments.DRILL_QUERY, "--drill-query"},
      paramLabel = "QUERY",
      description =
          "Restore drill (with -drill-expect): before the backup is published, boot a copy of it"
              + " read-only in a scratch directory under java.io.tmpdir (room for the database and"
              + " the logs since its last checkpoint) and run this Cypher query, which returns one"
              + " row of one column; a backup whose answer differs is not published (exit 6), and"
              + " a query still running after 10 minutes is stopped (exit 2).")
  String drillQuery;

  @Option(
      names = {EngineArguments.DRILL_EXPECT, "--drill-expect"},
      paramLabel = "ANSWER",
      description =
          "The answer the drill query must give, compared as text after trimming: true, false,"
              + " 42, 1.5, a string as it is, null, lists and maps as JSON.")
  String drillExpect;

  @Option(
      names = {EngineArguments.FALLBACK_TO_FULL, "--fallback-to-full"},
      description =
          "When the server has pruned the logs an incremental needs, take a full backup instead.")
  boolean fallbackToFull;

  @Option(
      names = {EngineArguments.REPLACE, "--replace"},
      description =
          "With -full: replace a backup of another database or another store in DIR (once the"
              + " new one is complete); without it such a DIR is refused.")
  boolean replace;

  @Option(
      names = {EngineArguments.MIN_TX, "--min-tx"},
      paramLabel = "TX",
      description =
          "Refuse members whose last committed transaction is below TX, so that a new backup"
              + " never starts behind an earlier one.")
  Long minTx;

  @Option(
      names = {EngineArguments.JSON, "--json"},
      description = "Print the result as one line of JSON (for programs), and no progress.")
  boolean json;

  @Option(
      names = {EngineArguments.TIMEOUT, "--timeout"},
      paramLabel = "SECONDS",
      defaultValue = "300",
      description =
          "Give up when the server sends nothing for this long (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = {EngineArguments.TLS, "--tls"},
      description = "Connect over TLS (needs -tls-ca).")
  boolean tls;

  @Option(
      names = {EngineArguments.TLS_CA, "--tls-ca"},
      paramLabel = "FILE",
      description = "PEM certificate of the CA that signed the servers' certificates.")
  Path tlsCa;

  @Option(
      names = {EngineArguments.TLS_CERT, "--tls-cert"},
      paramLabel = "FILE",
      description = "PEM client certificate, for servers that require mutual TLS (with -tls-key).")
  Path tlsCert;

  @Option(
      names = {EngineArguments.TLS_KEY, "--tls-key"},
      paramLabel = "FILE",
      description = "PKCS#8 PEM private key of the client certificate.")
  Path tlsKey;

  @Option(
      names = {EngineArguments.TLS_SERVER_NAME, "--tls-server-name"},
      paramLabel = "NAME",
      description = "Host name expected in the server's certificate (default: the URI's host).")
  String tlsServerName;

  @Option(
      names = {EngineArguments.SECRET_FILE, "--secret-file"},
      paramLabel = "FILE",
      description =
          "Shared secret (at least 16 bytes) to prove to the server by HMAC over its challenge;"
              + " never sent. The server must prove it back.")
  Path secretFile;

  @CommandLine.Mixin ObjectStoreOptions objectStore = new ObjectStoreOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** When {@link #main} began ({@link System#nanoTime()}), for the phases' {@code startUp}. */
  private static long mainStarted;

  /**
   * How long the launch took, up to {@link #main}: from the time the launcher script passes in
   * {@code -Dneo4j.backup.started} (nanoseconds since the epoch; {@code bin/neo4j-backup} and the
   * engine image's entry point do), so the script and the JVM's start are both counted.
   */
  private static Duration jvmStart;

  public static void main(String[] args) {
    mainStarted = System.nanoTime();
    jvmStart = launched(System.getProperty("neo4j.backup.started"));
    System.exit(run(args));
  }

  /** The time since {@code epochNanos}, or null when not given or not a time. */
  static Duration launched(String epochNanos) {
    if (epochNanos == null) {
      return null;
    }
    try {
      java.time.Instant now = java.time.Instant.now();
      long nanos = Long.parseLong(epochNanos.strip());
      Duration since =
          Duration.between(
              java.time.Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L), now);
      return since.isNegative() ? null : since;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Runs the command; returns its exit status. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command with its output going to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Neo4jBackupCommand())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              throw e;
            })
        .execute(args);
  }

  @Override
  public Integer call() {
    Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    if (from == null || to == null) {
      return output.failure(
          new BackupException(
              BackupFailure.USAGE, "both -from URI and -to DIR are required (see --help)"));
    }
    if (timeoutSeconds < 1) {
      return output.failure(
          new BackupException(BackupFailure.USAGE, "-timeout must be at least 1 second"));
    }
    if (replace && !mode.full) {
      return output.failure(
          new BackupException(
              BackupFailure.USAGE,
              "-replace goes with -full: only a full backup replaces a backup of another database"
                  + " or store"));
    }
    if (minTx != null && minTx < 0) {
      return output.failure(
          new BackupException(BackupFailure.USAGE, "-min-tx must be a transaction id, 0 or more"));
    }
    if ((drillQuery == null) != (drillExpect == null)) {
      return output.failure(
          new BackupException(
              BackupFailure.USAGE,
              "-drill-query and -drill-expect go together: the restore drill's query and the"
                  + " answer it must give"));
    }
    if (drillQuery != null && drillQuery.isBlank()) {
      return output.failure(
          new BackupException(BackupFailure.USAGE, "-drill-query needs a Cypher query"));
    }
    String tlsProblem = tlsUsageProblem();
    if (tlsProblem != null) {
      return output.failure(new BackupException(BackupFailure.USAGE, tlsProblem));
    }
    String target = ObjectStoreOptions.given(spec, EngineArguments.TO);
    boolean toObjectStore = ObjectStoreLocation.isObjectStore(target);
    if (toObjectStore && fallbackToFull) {
      return output.failure(
          new BackupException(
              BackupFailure.USAGE,
              "-fallback-to-full is not supported with object storage (s3://) yet: run -full"));
    }
    TerminalProgress progress =
        !json && System.console() != null ? new TerminalProgress(output.err()) : null;
    try {
      OnlineBackup backup =
          OnlineBackup.from(from)
              .database(database)
              .cluster(cluster)
              .verify(verify)
              .drill(drillQuery, drillExpect)
              .fallbackToFull(fallbackToFull)
              .replace(replace)
              .notBehind(minTx == null ? 0 : minTx)
              .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(timeoutSeconds))
              .sharedSecret(secretFile);
      if (tls) {
        TlsOptions options = TlsOptions.trusting(tlsCa).serverName(tlsServerName);
        backup = backup.tls(tlsCert == null ? options : options.clientCertificate(tlsCert, tlsKey));
      }
      PhaseTimer timer = new PhaseTimer(progress);
      backup = backup.progress(timer);
      objectStore.refuseUnlessObjectStore(target);
      if (toObjectStore) {
        ObjectStoreLocation location = ObjectStoreLocation.parse(target);
        ObjectStoreBackups backups = objectStore.backups();
        ObjectStoreBackups.Uploaded uploaded =
            mode.full
                ? backups.full(backup, location)
                : mode.incremental
                    ? backups.incremental(backup, location)
                    : backups.backup(backup, location);
        if (progress != null) {
          progress.done();
        }
        return output.success(
            ResultLine.succeeded(uploaded.result()),
            Summaries.describe(uploaded.result())
                + String.format(
                    "%nCopied to object storage as %s (%d objects, %s)",
                    uploaded.chainUri(), uploaded.objects(), Summaries.bytes(uploaded.bytes()))
                + resumed(uploaded.resumed()));
      }
      BackupResult result =
          (mode.full
                  ? backup.full(to)
                  : mode.incremental ? backup.incremental(to) : backup.backup(to))
              .withPhases(timer.phases(jvmStart, mainStarted));
      if (progress != null) {
        progress.done();
      }
      return output.success(ResultLine.succeeded(result), Summaries.describe(result));
    } catch (BackupException e) {
      if (progress != null) {
        progress.done();
      }
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }

  /** The line on an earlier run's upload this run finished first, or "". */
  private static String resumed(ObjectStoreBackups.Resumed resumed) {
    if (resumed == null) {
      return "";
    }
    if (resumed.givenUp() != null) {
      return String.format(
          "%nGave up the upload of %s an earlier run left: %s",
          resumed.chainUri(), resumed.givenUp());
    }
    return String.format(
        "%nFirst finished the upload of %s an earlier run left (%d objects already there, %d"
            + " parts reused, %s sent)",
        resumed.chainUri(),
        resumed.objectsSkipped(),
        resumed.partsReused(),
        Summaries.bytes(resumed.bytesSent()));
  }

  /** What is wrong with the TLS options, or null. */
  private String tlsUsageProblem() {
    if (!tls && (tlsCa != null || tlsCert != null || tlsKey != null || tlsServerName != null)) {
      return "-tls-ca, -tls-cert, -tls-key and -tls-server-name need -tls";
    }
    if (tls && tlsCa == null) {
      return "-tls needs -tls-ca FILE: the CA that signed the servers' certificates";
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      return "-tls-cert and -tls-key go together: the client certificate and its private key";
    }
    return null;
  }

  /** Prints results and failures, as text or as one line of JSON. */
  record Output(PrintWriter out, PrintWriter err, boolean json) {
    private static final ObjectMapper JSON =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    /** Prints {@code text}, or with {@code -json} the one line {@code line}. */
    int success(Object line, String text) {
      out.println(json ? write(line) : text);
      out.flush();
      return 0;
    }

    int failure(BackupException e) {
      if (json) {
        out.println(failureLine(e));
        out.flush();
      } else {
        err.println("neo4j-backup: " + e.getMessage());
        if (e.failure() == BackupFailure.INTERNAL && e.getCause() != null) {
          e.getCause().printStackTrace(err);
        }
        err.flush();
      }
      return e.failure().exitCode();
    }

    /** The failure as one line of JSON of at most {@link ResultLine#MAX_BYTES} bytes. */
    static String failureLine(BackupException e) {
      // Member reasons, then the message, shortened in steps until the line fits.
      int[][] limits = {
        {Integer.MAX_VALUE, Integer.MAX_VALUE}, {300, 1500}, {120, 1000}, {40, 400}
      };
      for (int[] limit : limits) {
        List<MemberOutcome> members =
            e.members().stream()
                .map(
                    m ->
                        new MemberOutcome(
                            m.member(), m.outcome(), m.failure(), shorten(m.reason(), limit[0])))
                .toList();
        String line =
            write(
                ResultLine.failed(e.failure(), shorten(e.getMessage(), limit[1]), members)
                    .withDrilled(e.drilled()));
        if (bytes(line) <= ResultLine.MAX_BYTES) {
          return line;
        }
      }
      return write(
          ResultLine.failed(e.failure(), shorten(e.getMessage(), 1000), List.of())
              .withDrilled(e.drilled()));
    }

    private static String shorten(String text, int length) {
      if (text == null || text.length() <= length) {
        return text;
      }
      return length == 0 ? "…" : text.substring(0, length - 1) + "…";
    }

    private static int bytes(String line) {
      return line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static String write(Object value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (Exception e) {
        return "{\"status\":\"failed\",\"message\":\"cannot write the result as JSON\"}";
      }
    }
  }

  /** The version line. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Neo4jBackupCommand.class.getPackage().getImplementationVersion();
      return new String[] {"neo4j-backup " + (version == null ? "dev" : version)};
    }
  }
}

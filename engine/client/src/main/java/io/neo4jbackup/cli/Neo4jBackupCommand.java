package io.neo4jbackup.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.BackupFailure;
import io.neo4jbackup.client.BackupResult;
import io.neo4jbackup.client.OnlineBackup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neo4j-backup}: the classic command line ({@code -full -from URI -to DIR}), with GNU-style
 * long options as well. Exit status: 0 success, 2 bad usage, 3 connection, 4 protocol or integrity,
 * 5 target directory, 6 failed verification, 1 anything else.
 */
@Command(
    name = "neo4j-backup",
    mixinStandardHelpOptions = true,
    versionProvider = Neo4jBackupCommand.Version.class,
    sortOptions = false,
    description = "Takes an online backup of a Neo4j server that runs the backup service plugin.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      " 0:success",
      " 1:unexpected failure",
      " 2:bad usage",
      " 3:connection failure",
      " 4:protocol or integrity failure",
      " 5:target directory failure (not a backup, not writable, full)",
      " 6:verification failed (the backup was not published)"
    })
public final class Neo4jBackupCommand implements Callable<Integer> {

  @CommandLine.ArgGroup(exclusive = true)
  private ModeOption mode = new ModeOption();

  static final class ModeOption {
    @Option(
        names = {"-full", "--full"},
        description = "Copy the store files and replay the transactions committed meanwhile.")
    boolean full;
  }

  @Option(
      names = {"-from", "--from"},
      required = true,
      paramLabel = "URI",
      description =
          "single://host[:port] or ha://host[:port],host[:port],... (port 6362 by default).")
  String from;

  @Option(
      names = {"-to", "--to"},
      required = true,
      paramLabel = "DIR",
      description = "Backup directory: absent, empty, or an earlier backup made by this tool.")
  Path to;

  @Option(
      names = {"-cluster", "--cluster"},
      paramLabel = "NAME",
      description = "Only back up servers whose ha.cluster_name is NAME.")
  String cluster;

  @Option(
      names = {"-database", "--database"},
      paramLabel = "NAME",
      defaultValue = OnlineBackup.DEFAULT_DATABASE,
      description = "Database to back up (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = {"-verify", "--verify"},
      description = "Run Neo4j's consistency checker on the backup before publishing it.")
  boolean verify;

  @Option(
      names = {"-json", "--json"},
      description = "Print the result as one line of JSON (for programs), and no progress.")
  boolean json;

  @Option(
      names = {"-timeout", "--timeout"},
      paramLabel = "SECONDS",
      defaultValue = "300",
      description =
          "Give up when the server sends nothing for this long (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
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
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1) {
      return report(
          out, err, new BackupException(BackupFailure.USAGE, "-timeout must be at least 1 second"));
    }
    TerminalProgress progress =
        !json && System.console() != null ? new TerminalProgress(err) : null;
    try {
      OnlineBackup backup =
          OnlineBackup.from(from)
              .database(database)
              .cluster(cluster)
              .verify(verify)
              .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(timeoutSeconds));
      if (progress != null) {
        backup = backup.progress(progress);
      }
      BackupResult result = backup.full(to);
      if (progress != null) {
        progress.done();
      }
      if (json) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("status", "succeeded");
        line.put("result", result);
        out.println(JSON.writeValueAsString(line));
      } else {
        out.println(Summaries.describe(result));
      }
      out.flush();
      return 0;
    } catch (BackupException e) {
      if (progress != null) {
        progress.done();
      }
      return report(out, err, e);
    } catch (Exception e) {
      return report(
          out, err, new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }

  private int report(PrintWriter out, PrintWriter err, BackupException e) {
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("status", "failed");
      line.put("failure", e.failure().name());
      line.put("exitCode", e.failure().exitCode());
      line.put("message", e.getMessage());
      try {
        out.println(JSON.writeValueAsString(line));
      } catch (Exception ignored) {
        out.println("{\"status\":\"failed\"}");
      }
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

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  /** The version line: this tool's and the Neo4j version it was built against. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Neo4jBackupCommand.class.getPackage().getImplementationVersion();
      return new String[] {"neo4j-backup " + (version == null ? "dev" : version)};
    }
  }
}

package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Drill;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.ResultLine;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neo4j-backup drill DIR -drill-query Q -drill-expect E}: proves a backup restores by
 * booting a copy of it and asking it a question.
 */
@Command(
    name = EngineArguments.DRILL,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Restore drill: copies the newest state of the backup in DIR into a scratch directory under java.io.tmpdir (room for the database and the transaction logs since its last checkpoint), boots it read-only in an embedded Neo4j, runs QUERY and compares its one value with ANSWER; the scratch directory is deleted afterwards.",
      "DIR is only read, under its shared lock while it is copied (refused while a backup or deletion holds it, exit 5), and stays byte for byte as it was.",
      "Exit 0 when the answer is the expected one, 6 when it is not (or the copy does not boot), 2 when the query cannot run (syntax error, a write, more than one column)."
    })
final class DrillCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The backup directory.")
  Path directory;

  @Option(
      names = {EngineArguments.DRILL_QUERY, "--drill-query"},
      required = true,
      paramLabel = "QUERY",
      description =
          "A read-only Cypher query that returns one row of one column; stopped after 10"
              + " minutes (exit 2).")
  String query;

  @Option(
      names = {EngineArguments.DRILL_EXPECT, "--drill-expect"},
      required = true,
      paramLabel = "ANSWER",
      description =
          "The answer it must give, compared as text after trimming: true, false, 42, 1.5, a"
              + " string as it is, null, lists and maps as JSON.")
  String expected;

  @Option(
      names = {EngineArguments.JSON, "--json"},
      description = "Print the result as one line of JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Neo4jBackupCommand.Output output =
        new Neo4jBackupCommand.Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    try {
      DrillResult result = new Drill().run(directory, query, expected);
      if (result.passed()) {
        return output.success(ResultLine.drilled(result), text(result));
      }
      if (json) {
        output.out().println(Neo4jBackupCommand.Output.write(ResultLine.drilled(result)));
        output.out().flush();
        return BackupFailure.VERIFICATION.exitCode();
      }
      return output.failure(BackupException.drillFailed(result, null));
    } catch (BackupException e) {
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }

  static String text(DrillResult result) {
    return String.format(
        Locale.ROOT,
        "Restore drill passed: database '%s' at transaction %d%s answered %s to %s (%.1f s)",
        result.database(),
        result.lastTxId(),
        result.lastCommitTime() == null ? "" : " (committed " + result.lastCommitTime() + ")",
        result.actual(),
        result.query(),
        result.duration().toMillis() / 1000.0);
  }
}

package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.ResultLine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code neo4j-backup restore}: puts a backup in place of a stopped database's folders. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Puts a backup in place of a database's folders (store and transaction logs) in a stopped Neo4j's data directory.",
      "The backup is copied and stays as it is; the folders it replaces are kept aside unless -no-keep-previous."
    })
final class RestoreCommand implements Callable<Integer> {
  @Option(
      names = {EngineArguments.FROM, "--from"},
      required = true,
      paramLabel = "DIR",
      description = "The backup directory.")
  Path from;

  @Option(
      names = {EngineArguments.TO, "--to"},
      required = true,
      paramLabel = "NEO4J_DATA_DIR",
      description = "The Neo4j data directory (holding databases/ and transactions/).")
  Path to;

  @Option(
      names = {EngineArguments.DATABASE, "--database"},
      paramLabel = "NAME",
      description = "Restore as this database (default: the backup's database).")
  String database;

  @Option(
      names = {"-no-keep-previous", "--no-keep-previous"},
      description = "Delete the replaced folders instead of keeping them aside.")
  boolean noKeepPrevious;

  @Option(
      names = {EngineArguments.JSON, "--json"},
      description = "Print the result as one line of JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The {@code -json} line of a restore. */
  record Line(String status, Restore.Result result) {}

  @Override
  public Integer call() {
    Neo4jBackupCommand.Output output =
        new Neo4jBackupCommand.Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    try {
      Restore.Result result =
          new Restore(Clock.systemUTC()).restore(from, to, database, !noKeepPrevious);
      String text =
          "Restored database '"
              + result.database()
              + "' (up to transaction "
              + result.lastTxId()
              + ") into "
              + result.databaseDirectory()
              + " and "
              + result.transactionLogDirectory()
              + (result.keptAside().isEmpty()
                  ? ""
                  : "\n  previous folders kept in " + result.keptAside());
      return output.success(new Line(ResultLine.SUCCEEDED, result), text);
    } catch (BackupException e) {
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }
}

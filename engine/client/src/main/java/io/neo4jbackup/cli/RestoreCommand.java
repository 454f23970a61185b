package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.RestoreResult;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
      "By default the backup's newest state; with -until-time or -until-tx, the database as it was at an earlier point of the chain's recovery window (see neo4j-backup inspect).",
      "The backup is copied and stays as it is; the folders it replaces are kept aside unless -no-keep-previous."
    })
final class RestoreCommand implements Callable<Integer> {
  @Option(
      names = {EngineArguments.FROM, "--from"},
      required = true,
      paramLabel = "DIR",
      description = "The backup directory, or s3://bucket/prefix (its newest complete chain).")
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
      names = {EngineArguments.UNTIL_TIME, "--until-time"},
      paramLabel = "INSTANT",
      description =
          "Restore the database as it was after the last transaction committed at or before this"
              + " ISO-8601 instant (e.g. 2026-12-05T14:04:59Z; an offset such as +01:00 also works).")
  String untilTime;

  @Option(
      names = {EngineArguments.UNTIL_TX, "--until-tx"},
      paramLabel = "N",
      description = "Restore the database as it was after transaction N.")
  Long untilTx;

  @Option(
      names = {EngineArguments.VERIFY, "--verify"},
      description =
          "Run Neo4j's consistency checker on the restored database before putting it in place;"
              + " errors fail the restore and leave the database's folders as they were.")
  boolean verify;

  @Option(
      names = {EngineArguments.NO_KEEP_PREVIOUS, "--no-keep-previous"},
      description = "Delete the replaced folders instead of keeping them aside.")
  boolean noKeepPrevious;

  @Option(
      names = {EngineArguments.JSON, "--json"},
      description = "Print the result as one line of JSON.")
  boolean json;

  @CommandLine.Mixin ObjectStoreOptions objectStore = new ObjectStoreOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The {@code -json} line of a restore: the contract's words for what it did. */
  static ResultLine line(Restore.Result result) {
    return ResultLine.restored(
        new RestoreResult(
            result.database(),
            result.lastTxId(),
            result.lastCommitTime(),
            result.databaseDirectory().toString(),
            result.transactionLogDirectory().toString(),
            result.keptAside().stream().map(Path::toString).toList(),
            result.verified()));
  }

  /** The restore point the options name; a usage failure for one that cannot be. */
  RestorePoint point() {
    if (untilTime != null && untilTx != null) {
      throw new BackupException(
          BackupFailure.USAGE,
          "-until-time and -until-tx both name a restore point: give one of them");
    }
    if (untilTx != null) {
      if (untilTx < 1) {
        throw new BackupException(
            BackupFailure.USAGE, "-until-tx takes a transaction id, 1 or more: got " + untilTx);
      }
      return RestorePoint.afterTransaction(untilTx);
    }
    if (untilTime != null) {
      try {
        return RestorePoint.at(
            Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(untilTime.strip())));
      } catch (DateTimeException e) {
        throw new BackupException(
            BackupFailure.USAGE,
            "-until-time takes an ISO-8601 instant with its offset, such as 2026-12-05T14:04:59Z"
                + " or 2026-12-05T15:04:59+01:00: got '"
                + untilTime
                + "'");
      }
    }
    return RestorePoint.newest();
  }

  @Override
  public Integer call() {
    Neo4jBackupCommand.Output output =
        new Neo4jBackupCommand.Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    try {
      String source = ObjectStoreOptions.given(spec, EngineArguments.FROM);
      objectStore.refuseUnlessObjectStore(source);
      Restore.Result result =
          ObjectStoreLocation.isObjectStore(source)
              ? objectStore
                  .backups()
                  .restore(
                      ObjectStoreLocation.parse(source),
                      to,
                      database,
                      !noKeepPrevious,
                      point(),
                      verify,
                      Progress.NONE)
              : new Restore(Clock.systemUTC())
                  .restore(from, to, database, !noKeepPrevious, point(), verify);
      String text =
          "Restored database '"
              + result.database()
              + "' (up to transaction "
              + result.lastTxId()
              + (result.lastCommitTime() == null ? "" : ", committed at " + result.lastCommitTime())
              + (result.verified() == null ? "" : ", checked by the consistency checker")
              + ") into "
              + result.databaseDirectory()
              + " and "
              + result.transactionLogDirectory()
              + (result.keptAside().isEmpty()
                  ? ""
                  : "\n  previous folders kept in " + result.keptAside());
      return output.success(line(result), text);
    } catch (BackupException e) {
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }
}

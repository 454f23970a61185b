package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Inspection;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.RecoveryWindow;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code neo4j-backup inspect DIR}: the chain's recovery window, runs and space. */
@Command(
    name = EngineArguments.INSPECT,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Describes the backup in DIR without changing it: its database and store, the recovery window (the first and last transaction it restores, and their commit times), each run of the chain, and the space it takes."
    })
final class InspectCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The backup directory, or s3://bucket/prefix (its newest complete chain).")
  Path directory;

  @CommandLine.Option(
      names = {EngineArguments.JSON, "--json"},
      description = "Print the inspection as one line of JSON.")
  boolean json;

  @CommandLine.Mixin ObjectStoreOptions objectStore = new ObjectStoreOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The {@code -json} line of an inspection. */
  record Line(String status, Inspection inspection) {}

  @Override
  public Integer call() {
    Neo4jBackupCommand.Output output =
        new Neo4jBackupCommand.Output(
            spec.commandLine().getOut(), spec.commandLine().getErr(), json);
    try {
      String location = ObjectStoreOptions.givenPositional(spec, 0);
      objectStore.refuseUnlessObjectStore(location);
      Inspection inspection =
          ObjectStoreLocation.isObjectStore(location)
              ? objectStore.backups().inspect(ObjectStoreLocation.parse(location))
              : Inspection.of(directory);
      return output.success(new Line(ResultLine.SUCCEEDED, inspection), text(inspection));
    } catch (BackupException e) {
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }

  static String text(Inspection inspection) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "Backup %s of database '%s', store %s%n",
            inspection.directory(), inspection.database(), inspection.storeId()));
    RecoveryWindow window = inspection.window();
    text.append(
        window == null
            ? "Recovery window: the newest state only (a backup made before point-in-time"
                + " restore)\n"
            : String.format(
                "Recovery window: transactions %d to %d, committed %s to %s%n",
                window.firstTxId(), window.lastTxId(), window.firstTime(), window.lastTime()));
    text.append("Runs:\n");
    for (Manifest.Run run : inspection.runs()) {
      text.append(
          String.format(
              "  %-11s  %s  transactions %d to %d  %s in %d file%s  %s%n",
              run.mode(),
              run.completedAt(),
              run.firstTxId(),
              run.lastTxId(),
              Summaries.bytes(run.bytes()),
              run.files(),
              run.files() == 1 ? "" : "s",
              run.verified() == null
                  ? "not verified"
                  : run.verified() ? "verified" : "verification failed"));
    }
    Inspection.Space space = inspection.space();
    text.append(
        String.format(
            "Space: %s (base %s, newest store %s, transaction logs %s)",
            Summaries.bytes(space.total()),
            Summaries.bytes(space.base()),
            Summaries.bytes(space.newestStore()),
            Summaries.bytes(space.transactionLogs())));
    if (inspection.verificationFailure() != null) {
      text.append("\nLast verification failed: ").append(inspection.verificationFailure());
    }
    if (inspection.interruptedRun() != null) {
      text.append("\nNote: ").append(inspection.interruptedRun());
    }
    return text.toString();
  }
}

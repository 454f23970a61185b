package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupDirectory;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.objectstore.ObjectStoreBackups;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code neo4j-backup delete DIR}: deletes a backup, under its lock, and nothing else; or {@code
 * delete s3://bucket/prefix/chain-<time>}: one chain in object storage, unless it is leased.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Deletes the backup in DIR and the files neo4j-backup keeps beside it (staging, previous copy, consistency reports); the empty lock file stays.",
      "Refused, deleting nothing, while a backup runs into DIR or a restore reads it (exit 5), and when DIR holds anything a backup made by neo4j-backup does not (exit 5). An absent DIR is already deleted.",
      "With s3://bucket/prefix/chain-<time>: deletes that chain's manifests first, then every other object below it; refused while a backup or restore holds a lease on it (exit 5)."
    })
final class DeleteCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "The backup directory, or one chain: s3://bucket/prefix/chain-<time>.")
  Path directory;

  @CommandLine.Mixin ObjectStoreOptions objectStore = new ObjectStoreOptions();

  @CommandLine.Option(
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
      String location = ObjectStoreOptions.givenPositional(spec, 0);
      objectStore.refuseUnlessObjectStore(location);
      if (ObjectStoreLocation.isObjectStore(location)) {
        ObjectStoreBackups.Deleted deleted =
            objectStore.backups().delete(ObjectStoreLocation.parse(location));
        return output.success(
            ResultLine.deleted(deleted.chainUri()),
            deleted.objects() == 0
                ? "Nothing to delete at " + deleted.chainUri()
                : "Deleted " + deleted.chainUri() + " (" + deleted.objects() + " objects)");
      }
      List<Path> paths = BackupDirectory.delete(directory);
      Path absolute = directory.toAbsolutePath().normalize();
      return output.success(
          ResultLine.deleted(absolute.toString()),
          paths.isEmpty()
              ? "Nothing to delete at " + absolute
              : "Deleted " + absolute + " and what neo4j-backup kept beside it");
    } catch (BackupException e) {
      return output.failure(e);
    } catch (RuntimeException e) {
      return output.failure(
          new BackupException(BackupFailure.INTERNAL, "unexpected failure: " + e, e));
    }
  }
}

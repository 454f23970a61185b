package io.neo4jbackup.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.RecoveryWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a backup directory holds, read without changing it: the database and store, the chain's
 * recovery window, each run that made the chain, and the space it takes. {@code window} is absent
 * for a backup made before point-in-time restore, which restores its newest state only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Inspection(
    String directory,
    String database,
    String storeId,
    int formatVersion,
    RecoveryWindow window,
    List<Manifest.Run> runs,
    Space space,
    Manifest.VerificationFailure verificationFailure,
    String interruptedRun) {

  /**
   * Bytes on disk: all of the backup, and of it the base (the full backup's store as it was
   * copied), the newest store and the transaction logs.
   */
  public record Space(long total, long base, long newestStore, long transactionLogs) {}

  /** Reads the backup in {@code backup}, under a shared lock (no backup runs meanwhile). */
  public static Inspection of(Path backup) {
    try (BackupDirectory directory = BackupDirectory.openForReading(backup)) {
      Path path = directory.path();
      Manifest manifest = Manifest.readFrom(path);
      if (manifest == null) {
        throw new BackupException(BackupFailure.USAGE, path + " holds no backup to inspect");
      }
      IncrementalJournal journal = IncrementalJournal.readFrom(path);
      String database = manifest.database();
      Space space =
          new Space(
              size(path),
              size(path.resolve(BackupLayout.BASE)),
              size(path.resolve(BackupLayout.DATABASES).resolve(database)),
              transactionLogBytes(TransactionLogs.directory(path, database)));
      return new Inspection(
          path.toString(),
          database,
          manifest.storeId().toString(),
          manifest.formatVersion(),
          manifest.window(),
          manifest.chainRuns(),
          space,
          manifest.verificationFailure(),
          journal == null
              ? null
              : "an incremental run started at "
                  + journal.startedAt()
                  + " was interrupted while "
                  + (journal.state() == IncrementalJournal.State.TRANSFERRING
                      ? "transferring; the next run cuts its logs back"
                      : "replaying; the next run finishes it"));
    } catch (IOException e) {
      throw TargetFailures.writing(backup, e);
    }
  }

  private static long size(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      long total = 0;
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(path)) {
          total += Files.size(path);
        }
      }
      return total;
    }
  }

  private static long transactionLogBytes(Path logDirectory) throws IOException {
    if (!Files.isDirectory(logDirectory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(logDirectory)) {
      long total = 0;
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().startsWith(TransactionLogs.PREFIX)) {
          total += Files.size(file);
        }
      }
      return total;
    }
  }
}

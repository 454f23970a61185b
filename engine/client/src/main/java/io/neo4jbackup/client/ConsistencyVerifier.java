package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.consistency.ConsistencyCheckService;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.logging.NullLogProvider;

/** Runs Neo4j's consistency checker on a recovered backup. */
final class ConsistencyVerifier {
  private ConsistencyVerifier() {}

  /** What the checker found; {@code report} is kept only when it found errors. */
  record Verdict(boolean consistent, String summary, Path report) {}

  static Verdict check(Path dataDirectory, String database, Path reportDirectory) {
    var config = StoreRecovery.config(dataDirectory);
    try {
      Files.createDirectory(reportDirectory); // never one that exists: it may be deleted below
      ConsistencyCheckService.Result result =
          new ConsistencyCheckService(Neo4jLayout.of(config).databaseLayout(database))
              .with(config)
              .with(reportDirectory)
              .with(OutputStream.nullOutputStream())
              .with(NullLogProvider.getInstance())
              .runFullConsistencyCheck();
      String summary = result.summary().toString().replaceAll("\\s+", " ").trim();
      if (result.isSuccessful()) {
        BackupDirectory.deleteRecursively(reportDirectory);
        return new Verdict(true, summary, null);
      }
      return new Verdict(false, summary, result.reportFile());
    } catch (IOException
        | RuntimeException
        | org.neo4j.consistency.checking.ConsistencyCheckIncompleteException e) {
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker could not run: " + e.getMessage(),
          e);
    }
  }
}

package io.neo4jbackup.harness;

import io.neo4jbackup.client.Progress;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A restore to a transaction in a process of its own that stops still while recovery replays the
 * chain's logs and says so on standard output, so that a test can kill it there with SIGKILL.
 *
 * <p>Usage: {@code KillableRestore DIR NEO4J_DATA_DIR TXID}.
 */
public final class KillableRestore {
  public static void main(String[] args) {
    Progress pausing =
        new Progress() {
          @Override
          public void update(int files, long bytes, String currentFile) {}

          @Override
          public void replayed(long appendIndex) {
            PausedProcess.pauseUntilKilled();
          }
        };
    new Restore(Clock.systemUTC(), pausing)
        .restore(
            Path.of(args[0]),
            Path.of(args[1]),
            null,
            false,
            RestorePoint.afterTransaction(Long.parseLong(args[2])),
            false);
    System.out.println("COMPLETED");
  }
}

package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import java.nio.file.Path;

/**
 * An incremental backup in a process of its own that stops still at a chosen point and says so on
 * standard output, so that a test can kill it there with SIGKILL.
 *
 * <p>Usage: {@code KillableBackup URI DIR transfer|replay}.
 */
public final class KillableBackup {
  public static void main(String[] args) {
    String pauseAt = args[2];
    Progress pausing =
        new Progress() {
          @Override
          public void update(int files, long bytes, String currentFile) {
            if (pauseAt.equals("transfer") && bytes > 0) {
              PausedProcess.pauseUntilKilled();
            }
          }

          @Override
          public void replayed(long appendIndex) {
            if (pauseAt.equals("replay")) {
              PausedProcess.pauseUntilKilled();
            }
          }
        };
    OnlineBackup.from(args[0]).progress(pausing).incremental(Path.of(args[1]));
    System.out.println("COMPLETED");
  }
}

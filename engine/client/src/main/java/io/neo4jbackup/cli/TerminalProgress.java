package io.neo4jbackup.cli;

import io.neo4jbackup.client.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints bytes, files and rate on one terminal line, at most twice a second. */
final class TerminalProgress implements Progress {
  private final PrintWriter err;
  private final long started = System.nanoTime();
  private long lastPrinted;
  private boolean printed;

  TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void update(int files, long bytes, String currentFile) {
    long now = System.nanoTime();
    if (now - lastPrinted < 500_000_000L) {
      return;
    }
    lastPrinted = now;
    printed = true;
    double seconds = Math.max(now - started, 1) / 1e9;
    err.printf(
        Locale.ROOT,
        "\r  %s, %d files, %s/s%s\u001b[K",
        Summaries.bytes(bytes),
        files,
        Summaries.bytes((long) (bytes / seconds)),
        currentFile == null ? "" : ", " + currentFile);
    err.flush();
  }

  synchronized void done() {
    if (printed) {
      err.println();
      err.flush();
    }
  }
}

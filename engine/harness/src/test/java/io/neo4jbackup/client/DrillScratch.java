package io.neo4jbackup.client;

import java.nio.file.Path;

/** Lets the harness's tests see which transaction logs a drill copies (package-private here). */
public final class DrillScratch {
  private DrillScratch() {}

  /** The first log version a drill of {@code database} in {@code backup} copies. */
  public static long firstLogCopied(Path backup, String database) {
    return Drill.firstLogNeeded(backup, database);
  }
}

package io.neo4jbackup.harness;

import java.io.IOException;

/** Runs the system commands the benchmarks time or prepare with. */
final class Commands {
  private Commands() {}

  /** Runs {@code command} with this process's output, failing unless it exits with 0. */
  static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  /** Writes out what the page cache holds, so no earlier writes are flushed during a timing. */
  static void sync() throws IOException, InterruptedException {
    run("sync");
  }
}

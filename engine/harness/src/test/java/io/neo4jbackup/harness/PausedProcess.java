package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of the harness run in a JVM of its own until it prints {@code PAUSED}, then killed with
 * SIGKILL: how the tests stop a backup or a restore at a chosen point, as a crash would.
 */
final class PausedProcess {
  private PausedProcess() {}

  /** Stands still until the process is killed; says so first on standard output. */
  static void pauseUntilKilled() {
    System.out.println("PAUSED");
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Runs {@code main} with {@code args}, and once it paused runs {@code whilePaused}, then kills.
   */
  static void killWhenPaused(Class<?> main, Runnable whilePaused, String... args)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader output =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> seen = new ArrayList<>();
      for (String line; (line = output.readLine()) != null; ) {
        seen.add(line);
        if (line.equals("PAUSED")) {
          break;
        }
      }
      assertThat(seen).as("%s reached its pause", main.getSimpleName()).contains("PAUSED");
      whilePaused.run();
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }
}

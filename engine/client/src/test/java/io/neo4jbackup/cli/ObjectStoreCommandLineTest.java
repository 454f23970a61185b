package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line refuses about object storage locations before it connects anywhere. */
class ObjectStoreCommandLineTest {
  @TempDir Path work;

  @Test
  void aBackupToObjectStorageNamesItsModeAndFallsBackToNothing() throws IOException {
    for (String mode : new String[] {"-fallback-to-full", null}) {
      CommandLineRulesTest.Run run =
          mode == null
              ? CommandLineRulesTest.run("-from", "single://a", "-to", "s3://b-1/p", "-json")
              : CommandLineRulesTest.run(
                  "-incremental", mode, "-from", "single://a", "-to", "s3://b-1/p", "-json");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.json().path("message").asText())
          .contains("takes -full or -incremental")
          .contains("not supported there yet");
    }
  }

  @Test
  void objectStorageOptionsGoWithAnS3Location() throws IOException {
    CommandLineRulesTest.Run backup =
        CommandLineRulesTest.run(
            "-full",
            "-from",
            "single://127.0.0.1:1",
            "-to",
            work.resolve("dir").toString(),
            "-endpoint",
            "http://127.0.0.1:9000",
            "-json");
    CommandLineRulesTest.Run restore =
        CommandLineRulesTest.run(
            "restore",
            "-from",
            work.resolve("dir").toString(),
            "-to",
            work.resolve("data").toString(),
            "-path-style",
            "-json");
    CommandLineRulesTest.Run inspect =
        CommandLineRulesTest.run("inspect", work.toString(), "-region", "eu-west-1", "-json");
    for (CommandLineRulesTest.Run run : new CommandLineRulesTest.Run[] {backup, restore, inspect}) {
      assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
      assertThat(run.json().path("message").asText()).contains("go with an s3://bucket/prefix");
    }
    assertThat(Files.exists(work.resolve("data"))).isFalse();
  }

  @Test
  void anEndpointMustBeAUrlAndALocationABucket() throws IOException {
    CommandLineRulesTest.Run endpoint =
        CommandLineRulesTest.run(
            "restore", "-from", "s3://b-1/p", "-to", "/tmp/x", "-endpoint", "minio:9000", "-json");
    assertThat(endpoint.exitCode()).isEqualTo(2);
    assertThat(endpoint.json().path("message").asText()).startsWith("-endpoint takes a URL");

    CommandLineRulesTest.Run bucket =
        CommandLineRulesTest.run("inspect", "s3://Not_A_Bucket/p", "-json");
    assertThat(bucket.exitCode()).isEqualTo(2);
    assertThat(bucket.json().path("message").asText()).contains("is not a bucket name");
  }
}

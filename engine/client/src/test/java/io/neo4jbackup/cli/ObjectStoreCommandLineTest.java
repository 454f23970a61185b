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
  void aBackupToObjectStorageFallsBackToNothing() throws IOException {
    CommandLineRulesTest.Run run =
        CommandLineRulesTest.run(
            "-incremental",
            "-fallback-to-full",
            "-from",
            "single://a",
            "-to",
            "s3://b-1/p",
            "-json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .contains("-fallback-to-full is not supported with object storage");
  }

  @Test
  void aFullBackupStartsAChainBelowAPrefixNotInsideAChain() throws IOException {
    CommandLineRulesTest.Run run =
        CommandLineRulesTest.run(
            "-full",
            "-from",
            "single://127.0.0.1:1",
            "-to",
            "s3://b-1/p/chain-20260101T000000.000Z",
            "-endpoint",
            "http://127.0.0.1:1",
            "-json");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .contains("names a chain; give s3://b-1/p, or -incremental to continue that chain");
  }

  @Test
  void aCaBundleThatIsNoPemFileIsAUsageFailureNamingIt() throws IOException {
    Path bundle = Files.writeString(work.resolve("ca.pem"), "not a certificate");
    CommandLineRulesTest.Run run =
        CommandLineRulesTest.run(
            "inspect",
            "s3://b-1/p",
            "-endpoint",
            "https://127.0.0.1:1",
            "-ca-bundle",
            bundle.toString(),
            "-json");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .startsWith("-ca-bundle " + bundle + " is not a PEM file of CA certificates");
  }

  @Test
  void deleteTakesOneChainOfABucketNeverAPrefix() throws IOException {
    for (String location : new String[] {"s3://b-1/p", "s3://b-1", "s3://b-1/p/chains"}) {
      CommandLineRulesTest.Run run =
          CommandLineRulesTest.run(
              "delete", location, "-endpoint", "http://127.0.0.1:1", "-path-style", "-json");
      assertThat(run.exitCode()).as(run.out()).isEqualTo(5);
      assertThat(run.json().path("failure").asText()).isEqualTo("TARGET");
      assertThat(run.json().path("message").asText())
          .startsWith(location + " is not a chain's prefix (s3://bucket/prefix/chain-<time>)");
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
    CommandLineRulesTest.Run delete =
        CommandLineRulesTest.run(
            "delete", work.resolve("dir").toString(), "-ca-bundle", "/ca.pem", "-json");
    for (CommandLineRulesTest.Run run :
        new CommandLineRulesTest.Run[] {backup, restore, inspect, delete}) {
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

package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line refuses about -compression and -encryption-key-file before it connects
 * anywhere.
 */
class ObjectEncodingCommandLineTest {
  @TempDir Path work;

  @Test
  void aKeyFileInNoKnownFormIsRefusedNamingTheFileAndTheForms() throws IOException {
    Path key = Files.writeString(work.resolve("key"), "hunter2\n");

    CommandLineRulesTest.Run run =
        CommandLineRulesTest.run(
            "restore",
            "-from",
            "s3://b-1/p",
            "-to",
            work.resolve("data").toString(),
            "-encryption-key-file",
            key.toString(),
            "-json");

    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .contains("-encryption-key-file " + key)
        .contains("32 raw bytes, or 44 characters of base64")
        .doesNotContain("hunter2");
    assertThat(work.resolve("data")).doesNotExist();
  }

  @Test
  void anUnknownCompressionIsRefused() throws IOException {
    CommandLineRulesTest.Run run =
        CommandLineRulesTest.run(
            "-full",
            "-from",
            "single://127.0.0.1:1",
            "-to",
            "s3://b-1/p",
            "-compression",
            "gzip",
            "-json");

    assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
    assertThat(run.json().path("message").asText())
        .contains("-compression takes none, zstd or lz4");
  }

  @Test
  void compressionAndAKeyGoWithAnS3Location() throws IOException {
    for (String[] option :
        new String[][] {
          {"-compression", "zstd"}, {"-encryption-key-file", work.resolve("k").toString()}
        }) {
      CommandLineRulesTest.Run run =
          CommandLineRulesTest.run(
              "-full",
              "-from",
              "single://127.0.0.1:1",
              "-to",
              work.resolve("dir").toString(),
              option[0],
              option[1],
              "-json");

      assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
      assertThat(run.json().path("message").asText()).contains("go with an s3://bucket/prefix");
    }
  }
}

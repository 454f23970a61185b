package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A -ca-bundle that cannot serve is a usage failure naming the file, before any connection. */
class CaBundleTest {
  @TempDir Path work;

  private static void refused(Path file, String why) {
    assertThatThrownBy(() -> ObjectStoreSettings.defaults().withCaBundle(file).check())
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> Assertions.assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessageStartingWith("-ca-bundle " + file + " is not a PEM file of CA certificates")
        .hasMessageContaining(why);
  }

  @Test
  void aMissingFileIsAUsageFailureNamingIt() {
    refused(work.resolve("absent.pem"), "cannot be read");
  }

  @Test
  void aFileWithoutCertificatesIsAUsageFailureNamingIt() throws Exception {
    refused(Files.writeString(work.resolve("empty.pem"), ""), "holds no certificate");
    refused(
        Files.writeString(
            work.resolve("garbage.pem"),
            "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"),
        "is not PEM certificates");
  }
}

package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forms of a key file {@link EncryptionKey} reads, and what it refuses. */
class EncryptionKeyTest {
  @TempDir Path directory;

  static final byte[] KEY = ObjectEncodingTest.bytes(32, 3);

  Path file(String name, byte[] content) throws IOException {
    return Files.write(directory.resolve(name), content);
  }

  @Test
  void rawBytesBase64AndHexWithOrWithoutANewlineAreTheSameKey() throws IOException {
    String base64 = Base64.getEncoder().encodeToString(KEY);
    String hex = HexFormat.of().formatHex(KEY);
    String expected = EncryptionKey.of(KEY).fingerprint();

    for (Path file :
        new Path[] {
          file("raw", KEY),
          file("base64", base64.getBytes(StandardCharsets.US_ASCII)),
          file("base64-newline", (base64 + "\n").getBytes(StandardCharsets.US_ASCII)),
          file("hex-newline", (hex.toUpperCase() + "\r\n").getBytes(StandardCharsets.US_ASCII))
        }) {
      assertThat(EncryptionKey.read(file).fingerprint()).as(file.toString()).isEqualTo(expected);
    }
  }

  @Test
  void theFingerprintNamesTheKeyWithoutRevealingIt() {
    EncryptionKey key = EncryptionKey.of(KEY);

    assertThat(key.fingerprint())
        .hasSize(32)
        .isEqualTo(EncryptionKey.of(KEY.clone()).fingerprint());
    assertThat(key.fingerprint())
        .isNotEqualTo(EncryptionKey.of(ObjectEncodingTest.bytes(32, 4)).fingerprint());
    assertThat(key.fingerprint() + key)
        .doesNotContain(HexFormat.of().formatHex(KEY).substring(0, 8));
    assertThat(key.toString()).contains(key.fingerprint());
  }

  @Test
  void anyOtherContentIsAUsageErrorNamingTheFileAndTheForms() throws IOException {
    Path[] wrong = {
      file("short", ObjectEncodingTest.bytes(16, 5)),
      file("password", "correct horse battery staple\n".getBytes(StandardCharsets.US_ASCII)),
      file("base64-of-24", Base64.getEncoder().encode(ObjectEncodingTest.bytes(24, 6))),
      file(
          "32-character-password",
          "a-password-of-thirty-two-chars!!".getBytes(StandardCharsets.US_ASCII)),
      file("not-hex", "g".repeat(64).getBytes(StandardCharsets.US_ASCII)),
      directory.resolve("missing")
    };
    for (Path file : wrong) {
      assertThatThrownBy(() -> EncryptionKey.read(file))
          .as(file.toString())
          .isInstanceOf(BackupException.class)
          .hasMessageContaining("-encryption-key-file " + file)
          .satisfies(
              e -> assertThat(((BackupException) e).failure()).isEqualTo(BackupFailure.USAGE));
    }
    assertThatThrownBy(() -> EncryptionKey.read(wrong[1]))
        .hasMessageContaining("32 raw bytes, or 44 characters of base64");
  }
}

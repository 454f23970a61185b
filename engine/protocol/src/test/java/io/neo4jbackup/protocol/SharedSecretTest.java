package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSecretTest {
  static final SharedSecret SECRET =
      SharedSecret.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  static final AuthToken SERVER_NONCE = filled(1);
  static final AuthToken CLIENT_NONCE = filled(2);

  static AuthToken filled(int value) {
    byte[] bytes = new byte[Protocol.AUTH_TOKEN_LENGTH];
    Arrays.fill(bytes, (byte) value);
    return new AuthToken(bytes);
  }

  @Test
  void proofsAreHmacSha256OfTheRoleLabelAndBothNonces() {
    // Independently computed: printf 'N4JB client proof' + 32 x 01 + 32 x 02 |
    //   openssl dgst -sha256 -mac HMAC -macopt key:0123456789abcdef0123456789abcdef
    assertThat(SECRET.clientProof(SERVER_NONCE, CLIENT_NONCE))
        .hasToString("4241b415c1fd699d1b2fefef3b247d76f3d19df8f028f181f9b4b281dab92a9b");
    assertThat(SECRET.serverProof(SERVER_NONCE, CLIENT_NONCE))
        .hasToString("4d77c1900616159d78d79be0744e2bc41f1047a7f05befbd2c20241108b53862");
  }

  @Test
  void anotherSecretOrAnotherNonceGivesAnotherProof() {
    AuthToken proof = SECRET.clientProof(SERVER_NONCE, CLIENT_NONCE);
    SharedSecret other =
        SharedSecret.of("0123456789abcdef0123456789abcdeF".getBytes(StandardCharsets.US_ASCII));
    assertThat(SharedSecret.matches(proof, other.clientProof(SERVER_NONCE, CLIENT_NONCE)))
        .isFalse();
    assertThat(SharedSecret.matches(proof, SECRET.clientProof(filled(3), CLIENT_NONCE))).isFalse();
    assertThat(SharedSecret.matches(proof, SECRET.clientProof(SERVER_NONCE, CLIENT_NONCE)))
        .isTrue();
  }

  @Test
  void aServerProofIsNeverAValidClientProof() {
    assertThat(
            SharedSecret.matches(
                SECRET.clientProof(SERVER_NONCE, CLIENT_NONCE),
                SECRET.serverProof(SERVER_NONCE, CLIENT_NONCE)))
        .isFalse();
  }

  @Test
  void aSecretFileIsReadWithoutItsTrailingLineBreak(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef\n");
    assertThat(SharedSecret.read(file).clientProof(SERVER_NONCE, CLIENT_NONCE))
        .isEqualTo(SECRET.clientProof(SERVER_NONCE, CLIENT_NONCE));
  }

  @Test
  void aShortSecretIsRefusedWithAHowTo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "password\n");
    assertThatThrownBy(() -> SharedSecret.read(file))
        .hasMessageContaining("has 8 bytes; it needs at least 16")
        .hasMessageContaining("openssl rand");
  }

  @Test
  void aMissingSecretFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> SharedSecret.read(dir.resolve("absent")))
        .hasMessageContaining("cannot read the shared secret file " + dir.resolve("absent"));
  }

  @Test
  void noncesAreFreshAndNeverPrinted() {
    assertThat(AuthToken.random()).isNotEqualTo(AuthToken.random());
    assertThat(SECRET).hasToString("SharedSecret[hidden]");
  }
}

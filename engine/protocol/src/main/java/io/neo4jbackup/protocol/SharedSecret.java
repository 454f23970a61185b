package io.neo4jbackup.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret of challenge-response authentication. Each side proves it knows the secret by
 * an HMAC-SHA256 over both sides' fresh nonces, labelled with its role; the secret itself never
 * crosses the wire, and a proof is worthless for any other connection.
 *
 * <pre>
 * client proof = HMAC-SHA256(secret, "N4JB client proof" || server_nonce || client_nonce)
 * server proof = HMAC-SHA256(secret, "N4JB server proof" || server_nonce || client_nonce)
 * </pre>
 */
public final class SharedSecret {
  /** Fewer bytes than this cannot be a random secret; such files are refused. */
  public static final int MIN_LENGTH = 16;

  private static final byte[] CLIENT_LABEL =
      "N4JB client proof".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_LABEL =
      "N4JB server proof".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;

  private SharedSecret(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /**
   * The secret in {@code file}: its bytes without trailing line breaks and spaces (so that {@code
   * openssl rand -base64 32 > file} works). Throws {@link IllegalArgumentException} naming the file
   * when it cannot be read or holds fewer than {@link #MIN_LENGTH} bytes.
   */
  public static SharedSecret read(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the shared secret file " + file + ": " + e, e);
    }
    int length = content.length;
    while (length > 0 && Character.isWhitespace(content[length - 1])) {
      length--;
    }
    if (length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the shared secret in "
              + file
              + " has "
              + length
              + " bytes; it needs at least "
              + MIN_LENGTH
              + " random bytes (for example: openssl rand -base64 32 > "
              + file
              + ")");
    }
    return of(Arrays.copyOf(content, length));
  }

  public static SharedSecret of(byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("the shared secret is empty");
    }
    return new SharedSecret(secret);
  }

  public AuthToken clientProof(AuthToken serverNonce, AuthToken clientNonce) {
    return hmac(CLIENT_LABEL, serverNonce, clientNonce);
  }

  public AuthToken serverProof(AuthToken serverNonce, AuthToken clientNonce) {
    return hmac(SERVER_LABEL, serverNonce, clientNonce);
  }

  /** Compares in constant time, so the time taken does not tell how much of a proof was right. */
  public static boolean matches(AuthToken expected, AuthToken actual) {
    return MessageDigest.isEqual(expected.bytes(), actual.bytes());
  }

  private AuthToken hmac(byte[] label, AuthToken serverNonce, AuthToken clientNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(label);
      mac.update(serverNonce.bytes());
      mac.update(clientNonce.bytes());
      return new AuthToken(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SharedSecret[hidden]";
  }
}

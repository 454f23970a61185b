package io.neo4jbackup.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A nonce or a proof of shared-secret authentication: exactly {@link Protocol#AUTH_TOKEN_LENGTH}
 * bytes.
 */
public final class AuthToken {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  public AuthToken(byte[] bytes) {
    if (bytes.length != Protocol.AUTH_TOKEN_LENGTH) {
      throw new ProtocolException(
          "an authentication token has "
              + Protocol.AUTH_TOKEN_LENGTH
              + " bytes, not "
              + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /** A fresh nonce from a cryptographically strong random generator. */
  public static AuthToken random() {
    byte[] bytes = new byte[Protocol.AUTH_TOKEN_LENGTH];
    RANDOM.nextBytes(bytes);
    return new AuthToken(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuthToken token && Arrays.equals(bytes, token.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}

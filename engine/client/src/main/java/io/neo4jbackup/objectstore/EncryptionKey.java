package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 32-byte AES-256 key objects are encrypted with ({@code -encryption-key-file}), and its
 * fingerprint, which a chain's manifest records so that a wrong key is told from a damaged object
 * before anything is read. The file holds the key as 32 raw bytes, or as text: 44 characters of
 * base64 (what {@code openssl rand -base64 32} prints, the natural content of a Kubernetes Secret's
 * key) or 64 hex digits, either with surrounding white space. 32 bytes that are all printable text
 * are refused: that is a password, not a key.
 */
public final class EncryptionKey {
  static final int LENGTH = 32;

  /** What the fingerprint is an HMAC of: fixed, so the same key always has the same one. */
  private static final byte[] FINGERPRINT_LABEL =
      "neo4j-backup object encryption key fingerprint v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;
  private final String fingerprint;

  private EncryptionKey(byte[] key) {
    this.key = key.clone();
    this.fingerprint = fingerprint(key);
  }

  /** Reads the key in {@code file}, refusing ({@code USAGE}) a file in any other form. */
  public static EncryptionKey read(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.USAGE, "-encryption-key-file " + file + " cannot be read: " + e, e);
    }
    byte[] key = parse(content);
    Arrays.fill(content, (byte) 0);
    if (key == null) {
      throw new BackupException(
          BackupFailure.USAGE,
          "-encryption-key-file "
              + file
              + " holds no AES-256 key: expected 32 raw bytes, or 44 characters of base64"
              + " (openssl rand -base64 32) or 64 hex digits; it holds "
              + content.length
              + " bytes");
    }
    return new EncryptionKey(key);
  }

  /** A key of exactly 32 bytes. */
  static EncryptionKey of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
    }
    return new EncryptionKey(key);
  }

  private static byte[] parse(byte[] content) {
    if (content.length == LENGTH && !printable(content)) {
      return content.clone();
    }
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    try {
      if (text.length() == 44) {
        byte[] decoded = Base64.getDecoder().decode(text);
        return decoded.length == LENGTH ? decoded : null;
      }
      if (text.length() == 64) {
        return HexFormat.of().parseHex(text);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /**
   * Whether every byte is printable ASCII: 32 such bytes are a password or a shortened text, not a
   * key (32 random bytes are all printable once in about 10^14).
   */
  private static boolean printable(byte[] content) {
    for (byte b : content) {
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * The key's fingerprint: the first 16 bytes, in hex, of an HMAC-SHA256 with the key of a fixed
   * label. It names the key without revealing it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The key's bytes, for the cipher only. */
  byte[] bytes() {
    return key.clone();
  }

  private static String fingerprint(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(Arrays.copyOf(mac.doFinal(FINGERPRINT_LABEL), 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "EncryptionKey[fingerprint " + fingerprint + "]";
  }
}

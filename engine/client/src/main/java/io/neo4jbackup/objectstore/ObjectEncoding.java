package io.neo4jbackup.objectstore;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.neo4jbackup.contract.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * How an object's stored bytes are made from a backup file's: compressed, then encrypted, each
 * layer a stream so that memory stays bounded whatever the file's size. A chain's manifest names
 * each object's layers in the order they were applied, joined by {@code +} ({@code zstd}, {@code
 * lz4}, {@code aes256-gcm-hkdf-64k}, {@code zstd+aes256-gcm-hkdf-64k}); an object without one is
 * the file's bytes as they are.
 *
 * <ul>
 *   <li>{@code zstd}: one Zstandard frame (zstd-jni's stream, level 3, with the frame's content
 *       checksum).
 *   <li>{@code lz4}: the LZ4 frame format (lz4-java's frame stream, 4 MiB blocks, content
 *       checksum).
 *   <li>{@code aes256-gcm-hkdf-64k}: Tink's streaming AEAD AES-GCM-HKDF with a 32-byte key,
 *       HKDF-SHA256 and 64 KiB ciphertext segments. Its header holds a random salt, from which a
 *       key of the object's own is derived, and a random nonce prefix; each segment's nonce holds
 *       the segment's number and whether it is the last, so a segment changed, dropped, moved, or
 *       added at the end fails authentication. The associated data is the object's chain and key
 *       ({@code chain-<time>/<key>}), so an object moved to another key fails as well.
 * </ul>
 */
record ObjectEncoding(Compression compression, EncryptionKey key) {
  static final String ZSTD = "zstd";
  static final String LZ4 = "lz4";
  static final String AES_GCM_STREAM = "aes256-gcm-hkdf-64k";

  /**
   * The ciphertext segment: 64 KiB (16 bytes of tag each, 0.02%). With 1 MiB segments a new JVM
   * encrypted its first 512 MiB in 7.3 s (GCM stays interpreted until enough calls compile it);
   * with 64 KiB, 1.5 s; warm, both about 2 GB/s on the benchmark machine.
   */
  static final int SEGMENT_BYTES = 64 << 10;

  private static final int ZSTD_LEVEL = 3;

  ObjectEncoding {
    compression = compression == null ? Compression.NONE : compression;
  }

  static final ObjectEncoding PLAIN = new ObjectEncoding(Compression.NONE, null);

  /** Whether objects are stored as the files' bytes. */
  boolean plain() {
    return compression == Compression.NONE && key == null;
  }

  /** The name a manifest records for objects written this way; null when {@link #plain()}. */
  String name() {
    List<String> layers = new ArrayList<>();
    switch (compression) {
      case ZSTD -> layers.add(ZSTD);
      case LZ4 -> layers.add(LZ4);
      case NONE -> {}
    }
    if (key != null) {
      layers.add(AES_GCM_STREAM);
    }
    return layers.isEmpty() ? null : String.join("+", layers);
  }

  /** Whether objects written as {@code name} are encrypted. */
  static boolean encrypted(String name) {
    return name != null && List.of(name.split("\\+")).contains(AES_GCM_STREAM);
  }

  /**
   * A stream that takes a file's bytes and writes the object's into {@code stored}; closing it
   * finishes the object and closes {@code stored}. {@code associatedData} is the object's chain and
   * key.
   */
  OutputStream encoder(OutputStream stored, byte[] associatedData) throws IOException {
    OutputStream out = stored;
    if (key != null) {
      try {
        out = aead(key).newEncryptingStream(out, associatedData);
      } catch (GeneralSecurityException e) {
        throw new IOException("starting the encryption failed: " + e, e);
      }
    }
    return switch (compression) {
      case ZSTD -> new ZstdOutputStream(out, ZSTD_LEVEL).setChecksum(true);
      case LZ4 -> new LZ4FrameOutputStream(out);
      case NONE -> out;
    };
  }

  /**
   * A stream of the file's bytes read from an object's {@code stored} bytes written as {@code
   * name}, with {@code key} where they are encrypted. A layer it does not know, or an encrypted
   * object without a key, is an {@link IllegalArgumentException} saying so; damage shows as an
   * {@link IOException} while reading.
   */
  static InputStream decoder(
      String name, EncryptionKey key, InputStream stored, byte[] associatedData)
      throws IOException {
    List<String> layers = List.of(name.split("\\+"));
    InputStream in = stored;
    for (int i = layers.size() - 1; i >= 0; i--) {
      String layer = layers.get(i);
      switch (layer) {
        case AES_GCM_STREAM -> {
          if (key == null) {
            throw new IllegalArgumentException("it is encrypted and no key was given");
          }
          try {
            in = aead(key).newDecryptingStream(in, associatedData);
          } catch (GeneralSecurityException e) {
            throw new IOException("starting the decryption failed: " + e, e);
          }
        }
        case ZSTD -> in = new ZstdInputStream(in);
        case LZ4 -> in = new LZ4FrameInputStream(in);
        default ->
            throw new IllegalArgumentException(
                "its encoding '"
                    + name
                    + "' is unknown to this neo4j-backup (layer '"
                    + layer
                    + "')");
      }
    }
    return in;
  }

  private static StreamingAead aead(EncryptionKey key) throws IOException {
    try {
      return new AesGcmHkdfStreaming(
          key.bytes(), "HmacSha256", EncryptionKey.LENGTH, SEGMENT_BYTES, 0);
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-GCM streaming is not available: " + e, e);
    }
  }

  @Override
  public String toString() {
    return plain() ? "plain" : name();
  }
}

package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects encoded and decoded ({@link ObjectEncoding}): every compression, with and without a key,
 * gives back the bytes it was given; an encrypted object changed in any way (a byte flipped, cut
 * short, extended, read under another key or as another object) does not decode.
 */
class ObjectEncodingTest {
  static final EncryptionKey KEY = EncryptionKey.of(bytes(32, 1));
  static final EncryptionKey OTHER_KEY = EncryptionKey.of(bytes(32, 2));
  static final byte[] AAD = EncodedObjects.associatedData("chain-1", "base/neostore");

  /** Many segments' worth of compressible bytes, ending mid-segment. */
  static final byte[] FILE = fileBytes(3 * (1 << 20) + 12345);

  static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] fileBytes(int length) {
    byte[] bytes = new byte[length];
    Random random = new Random(7);
    for (int i = 0; i < length; i += 64) {
      byte[] word =
          ("node property " + random.nextInt(1000) + " ").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(word, 0, bytes, i, Math.min(word.length, length - i));
    }
    return bytes;
  }

  static byte[] encode(ObjectEncoding encoding, byte[] plain, byte[] aad) throws IOException {
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    try (OutputStream out = encoding.encoder(stored, aad)) {
      out.write(plain);
    }
    return stored.toByteArray();
  }

  static byte[] decode(String name, EncryptionKey key, byte[] stored, byte[] aad)
      throws IOException {
    try (InputStream in =
        ObjectEncoding.decoder(name, key, new ByteArrayInputStream(stored), aad)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyCompressionWithAndWithoutAKeyGivesBackTheBytes(Compression compression)
      throws IOException {
    for (EncryptionKey key : new EncryptionKey[] {null, KEY}) {
      ObjectEncoding encoding = new ObjectEncoding(compression, key);
      if (encoding.plain()) {
        assertThat(encoding.name()).isNull();
        continue;
      }
      byte[] stored = encode(encoding, FILE, AAD);

      assertThat(decode(encoding.name(), key, stored, AAD)).isEqualTo(FILE);
      assertThat(ObjectEncoding.encrypted(encoding.name())).isEqualTo(key != null);
      if (compression != Compression.NONE) {
        assertThat(stored.length).as(encoding.name()).isLessThan(FILE.length / 2);
      }
    }
  }

  @Test
  void theManifestNamesTheLayersInTheOrderTheyWereApplied() {
    assertThat(new ObjectEncoding(Compression.ZSTD, KEY).name())
        .isEqualTo("zstd+aes256-gcm-hkdf-64k");
    assertThat(new ObjectEncoding(Compression.LZ4, null).name()).isEqualTo("lz4");
    assertThat(new ObjectEncoding(null, KEY).name()).isEqualTo("aes256-gcm-hkdf-64k");
  }

  @Test
  void anEncryptedObjectHoldsNoneOfTheFilesBytesAndTwoEncryptionsDiffer() throws IOException {
    ObjectEncoding encoding = new ObjectEncoding(Compression.NONE, KEY);
    byte[] first = encode(encoding, FILE, AAD);
    byte[] second = encode(encoding, FILE, AAD);

    assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("node property");
    assertThat(first).isNotEqualTo(second);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void aFlippedByteAnywhereInAnEncryptedObjectFailsAuthentication(Compression compression)
      throws IOException {
    ObjectEncoding encoding = new ObjectEncoding(compression, KEY);
    byte[] stored = encode(encoding, FILE, AAD);
    for (int at : new int[] {0, 20, 50, stored.length / 2, stored.length - 1}) {
      byte[] damaged = stored.clone();
      damaged[at] ^= 0x01;

      assertThatThrownBy(() -> decode(encoding.name(), KEY, damaged, AAD))
          .as("byte %d of %d flipped", at, stored.length)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void anEncryptedObjectCutShortOrExtendedFailsAuthentication() throws IOException {
    ObjectEncoding encoding = new ObjectEncoding(Compression.NONE, KEY);
    byte[] stored = encode(encoding, FILE, AAD);
    // Cut at a segment's end: what is left is whole segments, the last not marked as the last.
    int segment = ObjectEncoding.SEGMENT_BYTES;
    for (int length : new int[] {stored.length - 1, segment, 2 * segment, 100}) {
      byte[] cut = Arrays.copyOf(stored, length);
      assertThatThrownBy(() -> decode(encoding.name(), KEY, cut, AAD))
          .as("cut to %d of %d bytes", length, stored.length)
          .isInstanceOf(IOException.class);
    }
    byte[] extended = Arrays.copyOf(stored, stored.length + 16);
    assertThatThrownBy(() -> decode(encoding.name(), KEY, extended, AAD))
        .isInstanceOf(IOException.class);
  }

  @Test
  void anEncryptedObjectReadWithAnotherKeyOrAsAnotherObjectFails() throws IOException {
    ObjectEncoding encoding = new ObjectEncoding(Compression.ZSTD, KEY);
    byte[] stored = encode(encoding, FILE, AAD);

    assertThatThrownBy(() -> decode(encoding.name(), OTHER_KEY, stored, AAD))
        .isInstanceOf(IOException.class);
    byte[] otherObject = EncodedObjects.associatedData("chain-1", "base/neostore.nodestore.db");
    assertThatThrownBy(() -> decode(encoding.name(), KEY, stored, otherObject))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aTruncatedCompressedObjectDoesNotDecodeIntoTheFile() throws IOException {
    for (Compression compression : new Compression[] {Compression.ZSTD, Compression.LZ4}) {
      ObjectEncoding encoding = new ObjectEncoding(compression, null);
      byte[] stored = encode(encoding, FILE, AAD);
      byte[] cut = Arrays.copyOf(stored, stored.length - 10);
      byte[] decoded;
      try {
        decoded = decode(encoding.name(), null, cut, AAD);
      } catch (IOException e) {
        continue;
      }
      // A decoder that stops quietly still leaves fewer bytes than the file: the size check fails.
      assertThat(decoded).as(compression.argument()).isNotEqualTo(FILE);
    }
  }

  @Test
  void anEncryptedObjectWithoutAKeyOrAnUnknownLayerIsRefusedByName() {
    assertThatThrownBy(() -> decode("zstd+aes256-gcm-hkdf-64k", null, new byte[0], AAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no key");
    assertThatThrownBy(() -> decode("brotli", null, new byte[0], AAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'brotli'");
  }
}

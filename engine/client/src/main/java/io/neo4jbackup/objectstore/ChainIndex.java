package io.neo4jbackup.objectstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A chain's manifest object, {@code chain-<time>/manifests/<sequence>.json}, written after every
 * object it lists: its presence marks the chain complete up to that run, and the one with the
 * highest sequence is the chain's newest state. {@code objects} lists each object that makes it,
 * with the path it takes in a backup directory, its size and its SHA-256 (base64), which a download
 * checks.
 *
 * <p>Format 2 adds how objects are stored ({@link ObjectEncoding}): the chain's {@code compression}
 * (what an incremental continues with unless told otherwise), the {@code keyFingerprint} of the key
 * its objects are encrypted with ({@link EncryptionKey#fingerprint()}, never the key), and for each
 * object written other than as the file's bytes its {@code encoding}, {@code storedSize} and {@code
 * storedSha256}. Without them (format 1, and plain objects in format 2) an object is the file's
 * bytes. The manifest objects themselves are plain JSON: they hold names, sizes and digests, no
 * data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChainIndex(
    int formatVersion,
    String chain,
    int sequence,
    String database,
    String storeId,
    long baseTxId,
    long lastTxId,
    Instant lastCommitTime,
    Instant createdAt,
    List<Entry> objects,
    String compression,
    String keyFingerprint) {

  /** The format of a chain of plain objects, which every version of the engine reads. */
  static final int FORMAT_VERSION = 1;

  /** The format of a chain with compressed or encrypted objects; the newest this engine reads. */
  static final int ENCODED_FORMAT_VERSION = 2;

  @JsonCreator
  ChainIndex {}

  /** A manifest of plain objects. */
  ChainIndex(
      int formatVersion,
      String chain,
      int sequence,
      String database,
      String storeId,
      long baseTxId,
      long lastTxId,
      Instant lastCommitTime,
      Instant createdAt,
      List<Entry> objects) {
    this(
        formatVersion,
        chain,
        sequence,
        database,
        storeId,
        baseTxId,
        lastTxId,
        lastCommitTime,
        createdAt,
        objects,
        null,
        null);
  }

  /**
   * One object: its key below the chain's prefix, the file it goes in within a backup and at which
   * byte ({@code offset}: an incremental's logs appended to a log file an earlier run copied up),
   * its size and digest. A file's objects are listed in the order of their offsets. {@code size}
   * and {@code sha256} are those of the file's bytes; an object stored otherwise ({@code encoding},
   * see {@link ObjectEncoding}) has the size and SHA-256 of what is stored (what the store's {@code
   * x-amz-checksum-sha256} checks) in {@code storedSize} and {@code storedSha256}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String key,
      String path,
      long offset,
      long size,
      String sha256,
      String encoding,
      Long storedSize,
      String storedSha256) {

    @JsonCreator
    Entry {}

    /** An object that is the file's bytes. */
    Entry(String key, String path, long offset, long size, String sha256) {
      this(key, path, offset, size, sha256, null, null, null);
    }

    /** This object's entry under {@code key}, at {@code offset} of its file. */
    Entry at(String key, long offset) {
      return new Entry(key, path, offset, size, sha256, encoding, storedSize, storedSha256);
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  byte[] toBytes() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ChainIndex parse(byte[] bytes) throws IOException {
    return JSON.readValue(bytes, ChainIndex.class);
  }

  /** The key of manifest {@code sequence} below a chain's prefix. */
  static String manifestKey(int sequence) {
    return String.format("manifests/%08d.json", sequence);
  }

  /** The sequence of a manifest's key below a chain's prefix, or -1 when it is not one. */
  static int sequenceOf(String relativeKey) {
    if (!relativeKey.matches("manifests/[0-9]{8}\\.json")) {
      return -1;
    }
    return Integer.parseInt(
        relativeKey.substring("manifests/".length(), "manifests/".length() + 8));
  }
}

package io.neo4jbackup.objectstore;

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
 */
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
    List<Entry> objects) {

  static final int FORMAT_VERSION = 1;

  /**
   * One object: its key below the chain's prefix, the file it goes in within a backup and at which
   * byte ({@code offset}: an incremental's logs appended to a log file an earlier run copied up),
   * its size and digest. A file's objects are listed in the order of their offsets.
   */
  record Entry(String key, String path, long offset, long size, String sha256) {}

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

package io.neo4jbackup.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The state file ({@code pending.json}) of an upload that a run of {@code -work DIR} began and has
 * not finished: which chain it goes to, a full backup's new chain or the run added to a chain at
 * {@code sequence}, and the instant its keys and manifest were named after, so that the next run
 * with the same work directory and target finishes exactly that upload. It is written before the
 * first object is sent and deleted with the work directory once the manifest is in the store. It
 * records how the upload encodes its objects ({@code compression}, as {@code -compression} names
 * it, and the fingerprint of the encryption key, null when not encrypted; both null in a state file
 * written before objects were encoded), so that the upload is finished as it began: with another
 * key, or none, it is not finished and stays pending.
 */
record PendingUpload(
    String location,
    String chain,
    boolean full,
    int sequence,
    Instant startedAt,
    String backup,
    String compression,
    String keyFingerprint) {

  static final String FILE = "pending.json";
  static final String JOURNAL = "uploaded.txt";

  /** The work directory of {@code location}'s uploads below {@code work}: always the same one. */
  static Path directory(Path work, ObjectStoreLocation location) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(location.toString().getBytes(StandardCharsets.UTF_8));
      return work.resolve("s3-" + HexFormat.of().formatHex(digest, 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pending upload recorded in {@code directory}, or null. */
  static PendingUpload read(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return ChainIndex.JSON.readValue(file.toFile(), PendingUpload.class);
    } catch (IOException e) {
      return null; // A state file cut short by a kill: nothing was sent after it, or it is whole.
    }
  }

  void write(Path directory) {
    try {
      Path temporary = directory.resolve(FILE + ".new");
      Files.write(temporary, ChainIndex.JSON.writeValueAsBytes(this));
      Files.move(
          temporary,
          directory.resolve(FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

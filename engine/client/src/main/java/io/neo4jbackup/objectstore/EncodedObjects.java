package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * A chain's objects as {@link ChainUpload} and {@link ChainDownload} write and read them through
 * {@link ObjectEncoding}: a file is encoded into a scratch file first (its stored size and SHA-256
 * known before the upload, as the store's checksum needs), and an object read into one and decoded
 * from it, its size and SHA-256 after decoding checked against the manifest's. Plain objects go
 * straight to and from the store as before. Before anything of a chain is read, its manifest is
 * checked against the key given: a chain encrypted with another key, or with none given, is refused
 * ({@code OBJECT_STORE_DENIED}) before any object is read.
 */
final class EncodedObjects {
  private final ObjectStore store;
  private final ObjectEncoding writing;
  private final EncryptionKey key;
  private final Path scratch;

  private EncodedObjects(
      ObjectStore store, ObjectEncoding writing, EncryptionKey key, Path scratch) {
    this.store = store;
    this.writing = writing;
    this.key = key;
    this.scratch = scratch;
  }

  /** Objects of a new chain, written as {@code writing}; scratch files go in {@code scratch}. */
  static EncodedObjects forNewChain(ObjectStore store, ObjectEncoding writing, Path scratch) {
    return new EncodedObjects(store, writing, writing.key(), scratch);
  }

  /**
   * Objects of the chain {@code found}, read with {@code key} (null when none was given), refused
   * unless the key is the chain's. Objects an incremental adds are written with {@code compression}
   * when given, else with the chain's own, and encrypted when the chain is; a key given for a chain
   * that is not encrypted is refused ({@code USAGE} for an incremental, which would leave a chain
   * half encrypted; {@code OBJECT_STORE_DENIED} for a read, which expected encrypted objects).
   */
  static EncodedObjects forChain(
      ObjectStore store,
      ObjectStoreLocation location,
      ChainDownload.Found found,
      EncryptionKey key,
      Compression compression,
      boolean incremental,
      Path scratch) {
    ChainIndex index = found.index();
    String chainUri = store.uri(location.key(found.chain()));
    if (index.formatVersion() > ChainIndex.ENCODED_FORMAT_VERSION) {
      throw new BackupException(
          BackupFailure.TARGET,
          "the chain "
              + chainUri
              + " was written by a newer neo4j-backup (manifest format "
              + index.formatVersion()
              + "; this one reads up to "
              + ChainIndex.ENCODED_FORMAT_VERSION
              + ")");
    }
    String fingerprint = index.keyFingerprint();
    if (fingerprint != null && key == null) {
      throw new BackupException(
          BackupFailure.OBJECT_STORE_DENIED,
          "the chain "
              + chainUri
              + " is encrypted (key fingerprint "
              + fingerprint
              + "): give -encryption-key-file with the key it was written with; nothing was read");
    }
    if (fingerprint != null && !fingerprint.equals(key.fingerprint())) {
      throw new BackupException(
          BackupFailure.OBJECT_STORE_DENIED,
          "the key in -encryption-key-file (fingerprint "
              + key.fingerprint()
              + ") is not the key the chain "
              + chainUri
              + " was encrypted with (fingerprint "
              + fingerprint
              + "); nothing was read");
    }
    if (fingerprint == null && key != null) {
      throw new BackupException(
          incremental ? BackupFailure.USAGE : BackupFailure.OBJECT_STORE_DENIED,
          "-encryption-key-file was given, but the chain "
              + chainUri
              + " is not encrypted"
              + (incremental
                  ? ": an incremental cannot encrypt part of a chain; leave the option out, or"
                      + " take a -full backup to start an encrypted chain"
                  : ": its objects are not authenticated by the key, so they are not taken for"
                      + " encrypted ones; leave the option out to read it"));
    }
    if (fingerprint != null) {
      for (ChainIndex.Entry entry : index.objects()) {
        if (!ObjectEncoding.encrypted(entry.encoding())) {
          throw integrity(
              store,
              found.manifestKey(),
              "the chain is encrypted, but it lists "
                  + entry.key()
                  + " as stored unencrypted; the manifest was changed, and the chain is not used");
        }
      }
    }
    Compression continued = compression;
    if (continued == null) {
      continued =
          index.compression() == null
              ? Compression.NONE
              : Compression.valueOf(index.compression().toUpperCase(Locale.ROOT));
    }
    return new EncodedObjects(store, new ObjectEncoding(continued, key), key, scratch);
  }

  /** These objects with scratch files in {@code scratch}. */
  EncodedObjects withScratch(Path scratch) {
    return new EncodedObjects(store, writing, key, scratch);
  }

  /** How new objects are written. */
  ObjectEncoding writing() {
    return writing;
  }

  /**
   * Writes {@code file} as the new object {@code key} of chain {@code chain} (below {@code
   * chainPrefix}), the file's bytes going to {@code path} in a backup; returns its manifest entry.
   *
   * <p>With an upload journal (a resumable upload), an object an earlier run of this upload sent is
   * not sent again, and its entry is the one the journal recorded when it was sent: encryption is
   * randomised, so encoding the file again would describe bytes other than the store's. An encoded
   * object that is in the store but not in the journal (it arrived just before the run stopped) is
   * read back and kept only when it decodes into the file's bytes; its entry is made from what the
   * store holds. Anything else there is refused, as other content.
   */
  ChainIndex.Entry put(String chain, String chainPrefix, String key, String path, Path file)
      throws IOException {
    String objectKey = chainPrefix + key;
    UploadJournal journal = store.journal();
    if (journal != null) {
      ChainIndex.Entry sent = journal.entry(objectKey);
      if (sent != null) {
        return alreadySent(objectKey, sent, key, path, file, journal);
      }
      if (!writing.plain() && (journal.done(objectKey) || store.exists(objectKey))) {
        ChainIndex.Entry stored = readBack(chain, objectKey, key, path, file);
        journal.record(objectKey, stored);
        journal.objectsSkipped.incrementAndGet();
        return stored;
      }
    }
    if (writing.plain()) {
      String sha256 = ObjectStore.sha256(file);
      long size = Files.size(file);
      ChainIndex.Entry entry = new ChainIndex.Entry(key, path, 0, size, sha256);
      store.putNew(objectKey, file, sha256, entry);
      return entry;
    }
    Path stored = Files.createTempFile(scratch, "object-", ".stored");
    try {
      MessageDigest plainDigest = sha256Digest();
      MessageDigest storedDigest = sha256Digest();
      long size;
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), plainDigest);
          OutputStream out =
              writing.encoder(
                  new DigestOutputStream(
                      new BufferedOutputStream(Files.newOutputStream(stored), 1 << 16),
                      storedDigest),
                  associatedData(chain, key))) {
        size = in.transferTo(out);
      }
      String storedSha256 = base64(storedDigest);
      ChainIndex.Entry entry =
          new ChainIndex.Entry(
              key,
              path,
              0,
              size,
              base64(plainDigest),
              writing.name(),
              Files.size(stored),
              storedSha256);
      store.putNew(objectKey, stored, storedSha256, entry);
      return entry;
    } finally {
      Files.deleteIfExists(stored);
    }
  }

  /**
   * The entry {@code sent} an earlier run recorded for object {@code objectKey}, when it describes
   * {@code file} as this upload would write it (same path, size, SHA-256 and encoding); else a
   * failure, nothing written: the object in the store is not this file's.
   */
  private ChainIndex.Entry alreadySent(
      String objectKey,
      ChainIndex.Entry sent,
      String key,
      String path,
      Path file,
      UploadJournal journal)
      throws IOException {
    String encoding = writing.plain() ? null : writing.name();
    if (!sent.key().equals(key)
        || !sent.path().equals(path)
        || sent.offset() != 0
        || sent.size() != Files.size(file)
        || !java.util.Objects.equals(sent.encoding(), encoding)
        || !sent.sha256().equals(ObjectStore.sha256(file))) {
      throw new BackupException(
          BackupFailure.TARGET,
          store.uri(objectKey)
              + " was sent by an earlier run of this upload with other content than "
              + file
              + " holds now (its journal says "
              + sent
              + "); objects of a chain are never overwritten");
    }
    journal.objectsSkipped.incrementAndGet();
    return sent;
  }

  /**
   * The entry of object {@code objectKey}, already in the store though no journal line describes
   * it: read back, and taken only when it decodes (with this upload's encoding and key) into the
   * size and SHA-256 of {@code file}; else {@code TARGET}, the object left as it is.
   */
  private ChainIndex.Entry readBack(
      String chain, String objectKey, String key, String path, Path file) throws IOException {
    Path stored = Files.createTempFile(scratch, "object-", ".stored");
    Files.delete(stored);
    try {
      String storedSha256 = store.getAnyContent(objectKey, stored);
      MessageDigest plainDigest = sha256Digest();
      long size;
      try (InputStream in =
          new DigestInputStream(
              ObjectEncoding.decoder(
                  writing.name(), key(), Files.newInputStream(stored), associatedData(chain, key)),
              plainDigest)) {
        size = in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException | IllegalArgumentException e) {
        size = -1;
      }
      String sha256 = ObjectStore.sha256(file);
      if (size != Files.size(file) || !base64(plainDigest).equals(sha256)) {
        throw new BackupException(
            BackupFailure.TARGET,
            store.uri(objectKey)
                + " already exists with other content (it does not decode into "
                + file
                + "); objects of a chain are never overwritten");
      }
      return new ChainIndex.Entry(
          key, path, 0, size, sha256, writing.name(), Files.size(stored), storedSha256);
    } finally {
      Files.deleteIfExists(stored);
    }
  }

  private EncryptionKey key() {
    return writing.key();
  }

  /**
   * Reads object {@code entry} of chain {@code chain} (below {@code chainPrefix}) into {@code file}
   * (absent, or with {@code append} added at its end), failing ({@code OBJECT_STORE_INTEGRITY},
   * naming the object) unless it decodes into bytes of the size and SHA-256 the entry lists.
   */
  void get(String chain, String chainPrefix, ChainIndex.Entry entry, Path file, boolean append)
      throws IOException {
    String objectKey = chainPrefix + entry.key();
    if (entry.encoding() == null) {
      store.get(objectKey, file, entry.sha256(), append);
      return;
    }
    if (entry.storedSha256() == null) {
      throw integrity(store, objectKey, "its manifest entry has an encoding but no stored SHA-256");
    }
    Files.createDirectories(file.getParent());
    Path stored = Files.createTempFile(scratch, "object-", ".stored");
    Files.delete(stored);
    try {
      store.get(objectKey, stored, entry.storedSha256());
      MessageDigest plainDigest = sha256Digest();
      long size;
      try (InputStream in =
              ObjectEncoding.decoder(
                  entry.encoding(),
                  key,
                  Files.newInputStream(stored),
                  associatedData(chain, entry.key()));
          OutputStream out =
              new DigestOutputStream(
                  append
                      ? Files.newOutputStream(file, StandardOpenOption.APPEND)
                      : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW),
                  plainDigest)) {
        size = in.transferTo(out);
      } catch (IllegalArgumentException e) {
        throw integrity(store, objectKey, e.getMessage());
      } catch (IOException e) {
        throw integrity(
            store,
            objectKey,
            "it cannot be "
                + (ObjectEncoding.encrypted(entry.encoding())
                    ? "decrypted (its authentication failed) or decompressed"
                    : "decompressed")
                + " ("
                + e.getMessage()
                + ")");
      }
      if (size != entry.size()) {
        throw integrity(
            store,
            objectKey,
            "it decodes into " + size + " bytes, but its manifest lists " + entry.size());
      }
      String sha256 = base64(plainDigest);
      if (!sha256.equals(entry.sha256())) {
        throw integrity(
            store,
            objectKey,
            "what it decodes into does not match its SHA-256 checksum (expected "
                + entry.sha256()
                + ", read "
                + sha256
                + ")");
      }
    } finally {
      Files.deleteIfExists(stored);
    }
  }

  private static BackupException integrity(ObjectStore store, String objectKey, String what) {
    return new BackupException(
        BackupFailure.OBJECT_STORE_INTEGRITY,
        "object store integrity: "
            + store.uri(objectKey)
            + ": "
            + what
            + "; it was damaged or changed in the store, and is not used");
  }

  /** What an object's encryption is bound to: its chain and its key below the chain. */
  static byte[] associatedData(String chain, String key) {
    return (chain + "/" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(MessageDigest digest) {
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

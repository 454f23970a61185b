package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.ChainFiles;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a chain from a backup directory into object storage as a new chain of its own ({@code
 * prefix/chain-<time>/}): the base's files and the transaction logs, then the backup's manifest,
 * and last the chain's manifest object, so that a reader never takes a half-copied chain for one.
 * Nothing is overwritten or deleted, so a chain already there is never touched. Objects are written
 * through {@link EncodedObjects}, compressed and encrypted as it says.
 */
final class ChainUpload {
  private static final DateTimeFormatter CHAIN_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final String CHAIN_PREFIX = "chain-";

  private ChainUpload() {}

  /** What an upload wrote: the chain's location, how many objects and bytes. */
  record Uploaded(String chainUri, int objects, long bytes) {}

  /** The name of a chain started now. */
  static String newChainName(Clock clock) {
    return CHAIN_PREFIX + CHAIN_STAMP.format(clock.instant());
  }

  static Uploaded uploadNewChain(
      ObjectStore store,
      EncodedObjects objects,
      ObjectStoreLocation location,
      String chain,
      Path backup,
      Clock clock) {
    Manifest manifest = Manifest.readFrom(backup);
    if (manifest == null) {
      throw new BackupException(BackupFailure.INTERNAL, backup + " holds no backup to upload");
    }
    String chainPrefix = location.key(chain) + "/";
    List<ChainIndex.Entry> entries = new ArrayList<>();
    long bytes = 0;
    try {
      List<Path> files = new ArrayList<>(ChainFiles.immutableFiles(backup, manifest));
      for (Path relative : files) {
        String path = relative.toString().replace('\\', '/');
        bytes += upload(objects, backup.resolve(relative), chain, chainPrefix, path, path, entries);
      }
      bytes +=
          upload(
              objects,
              backup.resolve(Manifest.FILE_NAME),
              chain,
              chainPrefix,
              String.format("runs/%08d-%s", 1, Manifest.FILE_NAME),
              Manifest.FILE_NAME,
              entries);
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.INTERNAL, "reading the backup in " + backup + " failed: " + e, e);
    }
    ObjectEncoding encoding = objects.writing();
    ChainIndex index =
        new ChainIndex(
            encoding.plain() ? ChainIndex.FORMAT_VERSION : ChainIndex.ENCODED_FORMAT_VERSION,
            chain,
            1,
            manifest.database(),
            manifest.storeId().toString(),
            manifest.base().txId(),
            manifest.lastTxId(),
            manifest.lastCommitTime(),
            clock.instant(),
            List.copyOf(entries),
            encoding.plain() ? null : encoding.compression().argument(),
            encoding.key() == null ? null : encoding.key().fingerprint());
    byte[] indexBytes = index.toBytes();
    store.putNew(chainPrefix + ChainIndex.manifestKey(1), indexBytes);
    return new Uploaded(
        store.uri(location.key(chain)), entries.size() + 1, bytes + indexBytes.length);
  }

  /**
   * Adds to the chain {@code found}, downloaded into {@code backup} where an incremental backup has
   * since appended to its logs, what that run added: the bytes each log file gained as a new object
   * ({@code <file>.at-<byte>.<time>}: the file's bytes from that byte on, added by the run at that
   * time; a run whose upload stopped before its manifest leaves objects nothing lists or reads),
   * then the run's backup manifest, then the chain's manifest object with the next sequence. The
   * bytes already copied up must be in the files unchanged, and the base must not have changed;
   * otherwise nothing is written.
   */
  static Uploaded uploadIncrement(
      ObjectStore store,
      EncodedObjects objects,
      ObjectStoreLocation location,
      ChainDownload.Found found,
      Path backup,
      Path scratch,
      Clock clock) {
    Manifest manifest = Manifest.readFrom(backup);
    String chainPrefix = location.key(found.chain()) + "/";
    int sequence = found.index().sequence() + 1;
    String run = CHAIN_STAMP.format(clock.instant());
    int added;
    java.util.Map<String, Long> copied = new java.util.HashMap<>();
    List<ChainIndex.Entry> entries = new ArrayList<>();
    long bytes = 0;
    try {
      for (ChainIndex.Entry entry : found.index().objects()) {
        if (entry.path().equals(Manifest.FILE_NAME)) {
          continue;
        }
        Path file = backup.resolve(entry.path());
        if (!Files.isRegularFile(file)
            || Files.size(file) < entry.offset() + entry.size()
            || !ObjectStore.sha256(file, entry.offset(), entry.size()).equals(entry.sha256())) {
          throw new BackupException(
              BackupFailure.INTERNAL,
              "the incremental backup changed "
                  + entry.path()
                  + " where the chain already holds it; nothing was copied up");
        }
        copied.merge(entry.path(), entry.offset() + entry.size(), Math::max);
        entries.add(entry);
      }
      int part = 0;
      added = 0;
      for (Path relative : ChainFiles.immutableFiles(backup, manifest)) {
        String path = relative.toString().replace('\\', '/');
        Path file = backup.resolve(relative);
        long have = copied.getOrDefault(path, 0L);
        long size = Files.size(file);
        if (size == have) {
          continue;
        }
        if (path.startsWith("base/")) {
          throw new BackupException(
              BackupFailure.INTERNAL,
              "the incremental backup changed the chain's base ("
                  + path
                  + "); nothing was copied up");
        }
        // The run's time in the key: a run whose upload stopped before its manifest leaves
        // objects no manifest lists, which must not stand in the way of the next run's.
        String key = path + ".at-" + have + "." + run;
        Path segment = scratch.resolve("segment-" + ++part);
        ObjectStore.copyRange(file, have, size - have, segment);
        bytes += upload(objects, segment, found.chain(), chainPrefix, key, path, entries);
        entries.set(entries.size() - 1, entries.get(entries.size() - 1).at(key, have));
        Files.delete(segment);
        added++;
      }
      bytes +=
          upload(
              objects,
              backup.resolve(Manifest.FILE_NAME),
              found.chain(),
              chainPrefix,
              String.format("runs/%08d-%s-%s", sequence, run, Manifest.FILE_NAME),
              Manifest.FILE_NAME,
              entries);
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.INTERNAL, "reading the backup in " + backup + " failed: " + e, e);
    }
    boolean plain = entries.stream().allMatch(entry -> entry.encoding() == null);
    ChainIndex index =
        new ChainIndex(
            plain ? ChainIndex.FORMAT_VERSION : ChainIndex.ENCODED_FORMAT_VERSION,
            found.chain(),
            sequence,
            manifest.database(),
            manifest.storeId().toString(),
            manifest.base().txId(),
            manifest.lastTxId(),
            manifest.lastCommitTime(),
            clock.instant(),
            List.copyOf(entries),
            found.index().compression(),
            found.index().keyFingerprint());
    byte[] indexBytes = index.toBytes();
    if (!store.exists(found.manifestKey())) {
      throw new BackupException(
          BackupFailure.TARGET,
          store.uri(location.key(found.chain()))
              + " was deleted while this incremental ran (its manifest "
              + found.manifestKey()
              + " is gone): the run's objects are left unlisted, and no manifest is written");
    }
    store.putNew(chainPrefix + ChainIndex.manifestKey(sequence), indexBytes);
    return new Uploaded(
        store.uri(location.key(found.chain())), added + 2, bytes + indexBytes.length);
  }

  /** Uploads {@code file} as object {@code key}, adds its entry; returns the bytes stored. */
  private static long upload(
      EncodedObjects objects,
      Path file,
      String chain,
      String chainPrefix,
      String key,
      String path,
      List<ChainIndex.Entry> entries)
      throws IOException {
    ChainIndex.Entry entry = objects.put(chain, chainPrefix, key, path, file);
    entries.add(entry);
    return entry.storedSize() != null ? entry.storedSize() : entry.size();
  }
}

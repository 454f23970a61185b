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
 * Nothing is overwritten or deleted, so a chain already there is never touched.
 */
final class ChainUpload {
  private static final DateTimeFormatter CHAIN_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final String CHAIN_PREFIX = "chain-";

  private ChainUpload() {}

  /** What an upload wrote: the chain's location, how many objects and bytes. */
  record Uploaded(String chainUri, int objects, long bytes) {}

  static Uploaded uploadNewChain(
      ObjectStore store, ObjectStoreLocation location, Path backup, Clock clock) {
    Manifest manifest = Manifest.readFrom(backup);
    if (manifest == null) {
      throw new BackupException(BackupFailure.INTERNAL, backup + " holds no backup to upload");
    }
    String chain = CHAIN_PREFIX + CHAIN_STAMP.format(clock.instant());
    String chainPrefix = location.key(chain) + "/";
    List<ChainIndex.Entry> entries = new ArrayList<>();
    long bytes = 0;
    try {
      List<Path> files = new ArrayList<>(ChainFiles.immutableFiles(backup, manifest));
      for (Path relative : files) {
        String path = relative.toString().replace('\\', '/');
        bytes += upload(store, backup.resolve(relative), chainPrefix, path, path, entries);
      }
      bytes +=
          upload(
              store,
              backup.resolve(Manifest.FILE_NAME),
              chainPrefix,
              String.format("runs/%08d-%s", 1, Manifest.FILE_NAME),
              Manifest.FILE_NAME,
              entries);
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.INTERNAL, "reading the backup in " + backup + " failed: " + e, e);
    }
    ChainIndex index =
        new ChainIndex(
            ChainIndex.FORMAT_VERSION,
            chain,
            1,
            manifest.database(),
            manifest.storeId().toString(),
            manifest.base().txId(),
            manifest.lastTxId(),
            manifest.lastCommitTime(),
            clock.instant(),
            List.copyOf(entries));
    byte[] indexBytes = index.toBytes();
    store.putNew(chainPrefix + ChainIndex.manifestKey(1), indexBytes);
    return new Uploaded(
        store.uri(location.key(chain)), entries.size() + 1, bytes + indexBytes.length);
  }

  private static long upload(
      ObjectStore store,
      Path file,
      String chainPrefix,
      String key,
      String path,
      List<ChainIndex.Entry> entries)
      throws IOException {
    String sha256 = ObjectStore.sha256(file);
    long size = Files.size(file);
    store.putNew(chainPrefix + key, file, sha256);
    entries.add(new ChainIndex.Entry(key, path, size, sha256));
    return size;
  }
}

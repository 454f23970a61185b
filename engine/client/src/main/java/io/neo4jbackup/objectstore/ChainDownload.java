package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a location's newest complete chain (one with a manifest object; a chain without one is an
 * upload that did not finish, and is passed over) and copies it into a local directory, checking
 * every object against the SHA-256 its manifest lists (after decoding, for one compressed or
 * encrypted: {@link EncodedObjects}).
 */
final class ChainDownload {
  private ChainDownload() {}

  /** The newest complete chain, and the names of newer chains passed over as incomplete. */
  record Found(String chain, String manifestKey, ChainIndex index, List<String> incomplete) {}

  /**
   * The chain {@code location} names ({@code prefix/chain-<time>}), which must be complete, or else
   * the newest complete chain below it.
   */
  static Found find(ObjectStore store, ObjectStoreLocation location) {
    String chain = location.chain();
    if (chain == null) {
      return newest(store, location);
    }
    Found found = complete(store, location.parent(), chain, List.of());
    if (found == null) {
      throw new BackupException(
          BackupFailure.TARGET,
          location
              + " is not a complete backup chain: it has no chain manifest (manifests/), so it"
              + " does not exist or its upload did not finish");
    }
    return found;
  }

  static Found newest(ObjectStore store, ObjectStoreLocation location) {
    Found found = newestOrNull(store, location);
    if (found != null) {
      return found;
    }
    List<String> incomplete = chains(store, location);
    throw new BackupException(
        BackupFailure.TARGET,
        "no complete backup chain under "
            + location
            + (incomplete.isEmpty()
                ? ""
                : " (chains without a manifest, uploads that did not finish: " + incomplete + ")"));
  }

  /** The newest complete chain below {@code location}, or null when there is none. */
  static Found newestOrNull(ObjectStore store, ObjectStoreLocation location) {
    List<String> incomplete = new ArrayList<>();
    for (String chain : chains(store, location)) {
      Found found = complete(store, location, chain, incomplete);
      if (found != null) {
        return found;
      }
      incomplete.add(chain);
    }
    return null;
  }

  /** The names of the chains below {@code location}, newest first. */
  private static List<String> chains(ObjectStore store, ObjectStoreLocation location) {
    List<String> chains = new ArrayList<>();
    for (String folder : store.listFolders(location.listPrefix())) {
      String name = folder.substring(location.listPrefix().length(), folder.length() - 1);
      if (name.startsWith(ChainUpload.CHAIN_PREFIX)) {
        chains.add(name);
      }
    }
    chains.sort(Comparator.reverseOrder());
    return chains;
  }

  /** Chain {@code chain} below {@code location} as its newest manifest has it, or null. */
  private static Found complete(
      ObjectStore store, ObjectStoreLocation location, String chain, List<String> incomplete) {
    String chainPrefix = location.key(chain) + "/";
    int newest = -1;
    for (String key : store.listKeys(chainPrefix + "manifests/")) {
      newest = Math.max(newest, ChainIndex.sequenceOf(key.substring(chainPrefix.length())));
    }
    if (newest < 0) {
      return null;
    }
    String manifestKey = chainPrefix + ChainIndex.manifestKey(newest);
    byte[] bytes = store.getBytes(manifestKey);
    ChainIndex index;
    try {
      index = ChainIndex.parse(bytes);
    } catch (IOException e) {
      throw store.integrity(manifestKey, "it is not a chain manifest (" + e.getMessage() + ")");
    }
    return new Found(chain, manifestKey, index, List.copyOf(incomplete));
  }

  private static long size(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Copies the chain {@code found} into {@code into}, an absent or empty directory. */
  static void download(
      ObjectStore store,
      EncodedObjects objects,
      ObjectStoreLocation location,
      Found found,
      Path into) {
    String chainPrefix = location.key(found.chain()) + "/";
    Path root = into.toAbsolutePath().normalize();
    for (ChainIndex.Entry entry : found.index().objects()) {
      Path file = root.resolve(entry.path()).normalize();
      if (!file.startsWith(root) || file.equals(root)) {
        throw store.integrity(
            found.manifestKey(), "it lists a path outside a backup: '" + entry.path() + "'");
      }
      long have = java.nio.file.Files.isRegularFile(file) ? size(file) : 0;
      if (have != entry.offset()) {
        throw store.integrity(
            found.manifestKey(),
            "it lists "
                + entry.key()
                + " at byte "
                + entry.offset()
                + " of "
                + entry.path()
                + ", but the objects before it end at byte "
                + have);
      }
      try {
        objects.get(found.chain(), chainPrefix, entry, file, entry.offset() > 0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}

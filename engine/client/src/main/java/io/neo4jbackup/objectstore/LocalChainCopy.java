package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local copy of a chain a successful run leaves in its {@code -work} directory (beside the
 * marker {@code kept-copy.json}, which names the chain), so that the next incremental into that
 * chain need not copy it down and rebuild its newest state again: it is used only when its
 * manifest's last transaction is the chain's newest and every object the chain's newest manifest
 * lists is in it, byte for byte (SHA-256); otherwise the chain is copied down as without it.
 */
final class LocalChainCopy {
  static final String MARKER = "kept-copy.json";

  private LocalChainCopy() {}

  /**
   * Keeps {@code local}, a backup of chain {@code chain} as the store now has it, as the copy of
   * {@code directory}, with nothing else there.
   */
  static void keep(Path directory, String chain, Path local) {
    try {
      Path kept = directory.resolve(chain);
      if (!local.equals(kept)) {
        Files.move(local, kept);
      }
      clearExcept(directory, kept);
      Files.writeString(directory.resolve(MARKER), chain, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code directory} holds a kept copy of the chain {@code found} that is up to date with
   * it; when it does, everything else there is deleted and the marker with it (a run that stops
   * while using the copy leaves none that is trusted).
   */
  static boolean reuse(Path directory, ChainDownload.Found found) {
    try {
      Path marker = directory.resolve(MARKER);
      if (!WorkDirectory.isMarked(directory)
          || !Files.isRegularFile(marker)
          || !Files.readString(marker, StandardCharsets.UTF_8).equals(found.chain())) {
        return false;
      }
      Path local = directory.resolve(found.chain());
      if (!upToDate(local, found.index())) {
        return false;
      }
      clearExcept(directory, local);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean upToDate(Path local, ChainIndex index) throws IOException {
    Manifest manifest = Manifest.readFrom(local);
    if (manifest == null || manifest.lastTxId() != index.lastTxId()) {
      return false;
    }
    for (ChainIndex.Entry entry : index.objects()) {
      Path file = local.resolve(entry.path()).normalize();
      if (!file.startsWith(local)
          || !Files.isRegularFile(file)
          || Files.size(file) < entry.offset() + entry.size()
          || (entry.path().equals(Manifest.FILE_NAME) && Files.size(file) != entry.size())
          || !ObjectStore.sha256(file, entry.offset(), entry.size()).equals(entry.sha256())) {
        return false;
      }
    }
    return true;
  }

  private static void clearExcept(Path directory, Path kept) throws IOException {
    WorkDirectory.clearExcept(directory, kept);
  }
}

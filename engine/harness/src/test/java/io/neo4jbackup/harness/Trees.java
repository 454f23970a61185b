package io.neo4jbackup.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Fingerprints of directory trees, to show a backup was left exactly as it was. */
final class Trees {
  private Trees() {}

  /** Relative path to SHA-256 of every regular file below {@code root}. */
  static Map<String, String> fingerprint(Path root) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        files.put(
            root.relativize(path).toString(),
            HexFormat.of().formatHex(digest.digest(Files.readAllBytes(path))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  /** Names in {@code directory}, including hidden ones. */
  static java.util.List<String> list(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

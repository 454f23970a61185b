package io.neo4jbackup.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/** fsync for files and directories, so that a published backup survives a power cut. */
final class Durability {
  private Durability() {}

  static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Forces every directory below and including {@code root} (files are forced as written). */
  static void forceDirectories(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
        force(path);
      }
    }
  }
}

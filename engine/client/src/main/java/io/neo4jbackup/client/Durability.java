package io.neo4jbackup.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * fsync for files and directories, so that a published backup survives a power cut: a file's
 * content, and the directory entry that names it, are forced before anything (a manifest, a rename)
 * says they are there.
 */
final class Durability {
  /** Sees every path forced, in order; tests watch the order with it. */
  static volatile Consumer<Path> observer = path -> {};

  private Durability() {}

  static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
    observer.accept(path);
  }

  /** Forces every directory below and including {@code root} (files are forced as written). */
  static void forceDirectories(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isDirectory)::iterator) {
        force(path);
      }
    }
  }

  /**
   * Creates {@code directory} and its missing parents, forcing the parent of each one it created,
   * so that the new directories survive a power cut.
   */
  static void createDirectories(Path directory) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path step = directory.toAbsolutePath(); step != null && !Files.isDirectory(step); ) {
      missing.push(step);
      step = step.getParent();
    }
    for (Path created : missing) {
      Files.createDirectory(created);
      force(created.getParent());
    }
  }
}

package io.neo4jbackup.client;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Copies a directory tree durably: every file forced as copied, every directory once complete. The
 * copies take the copier's default permissions, not the originals' (a backup read from a read-only
 * mount is copied into files recovery can write).
 */
final class TreeCopy {
  private TreeCopy() {}

  /** Copies the tree at {@code from} into {@code to}, an absent or empty directory. */
  static void copy(Path from, Path to) throws IOException {
    copy(from, to, (Predicate<Path>) path -> false);
  }

  /**
   * Copies the tree at {@code from} into {@code to}, an absent or empty directory, except that the
   * files under {@code linked} (a folder in {@code from} whose files nothing ever writes) are hard
   * links to the originals where the file system allows, copies where it does not.
   */
  static void copy(Path from, Path to, Path linked) throws IOException {
    copy(from, to, linked == null ? path -> false : path -> path.startsWith(linked));
  }

  /**
   * Copies the tree at {@code from} into {@code to}, an absent or empty directory, except that the
   * files of {@code from} that {@code linkable} accepts (files nothing ever writes again: a hard
   * link shares every later write with the original) are hard links to the originals where the file
   * system allows, copies where it does not.
   */
  static void copy(Path from, Path to, Predicate<Path> linkable) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!linkable.test(path) || !link(path, target)) {
          Files.copy(path, target);
          Durability.force(target);
        }
      }
    }
    Durability.forceDirectories(to);
    Durability.force(to.getParent());
  }

  private static boolean link(Path existing, Path link) throws IOException {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.deleteIfExists(link);
      return false;
    }
  }
}

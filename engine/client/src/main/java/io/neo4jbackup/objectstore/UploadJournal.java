package io.neo4jbackup.objectstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects of an upload that are in the store, one key a line in a file of the work directory,
 * so that a run after one that was killed or lost the store midway sends none of them again; and
 * what this run sent and skipped. With a journal, an object not in it is looked for in the store
 * before it is sent (it may have arrived just before the run stopped), and a multipart upload
 * reuses the parts an earlier run left.
 */
final class UploadJournal {
  private final Path file;
  private final Set<String> done = new HashSet<>();
  final AtomicLong bytesSent = new AtomicLong();
  final AtomicInteger objectsSkipped = new AtomicInteger();
  final AtomicInteger partsReused = new AtomicInteger();

  UploadJournal(Path file) {
    this.file = file;
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            done.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized boolean done(String key) {
    return done.contains(key);
  }

  /**
   * Forgets the objects that are not among {@code listed} (the store's listing): a chain deleted
   * while its upload was pending has lost them, and they are sent again rather than trusted.
   */
  synchronized void retainOnly(java.util.Collection<String> listed) {
    done.retainAll(new HashSet<>(listed));
  }

  /** Records that object {@code key} is in the store. */
  synchronized void record(String key) {
    done.add(key);
    try {
      Files.writeString(
          file,
          key + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

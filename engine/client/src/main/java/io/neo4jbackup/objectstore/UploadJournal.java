package io.neo4jbackup.objectstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects of an upload that are in the store, one a line in a file of the work directory, so
 * that a run after one that was killed or lost the store midway sends none of them again; and what
 * this run sent and skipped. A line holds the object's key and, for an object of a chain's files,
 * its whole manifest entry as written ({@code key<TAB>json}: the encoding, the stored size and the
 * stored SHA-256 with the file's own): an encrypted object encoded again would not be the same
 * bytes, so a resumed upload describes a skipped object by the entry recorded when it was sent,
 * never by one made anew. With a journal, an object not in it is looked for in the store before it
 * is sent (it may have arrived just before the run stopped), and a multipart upload reuses the
 * parts an earlier run left. A line cut short by a kill is not trusted.
 */
final class UploadJournal {
  private final Path file;
  private final Set<String> done = new HashSet<>();
  private final Map<String, ChainIndex.Entry> entries = new HashMap<>();
  final AtomicLong bytesSent = new AtomicLong();
  final AtomicInteger objectsSkipped = new AtomicInteger();
  final AtomicInteger partsReused = new AtomicInteger();

  UploadJournal(Path file) {
    this.file = file;
    try {
      if (Files.exists(file)) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        // The last element is what follows the last newline: empty, or a line a kill cut short.
        for (int i = 0; i < lines.length - 1; i++) {
          read(lines[i]);
        }
        if (!lines[lines.length - 1].isEmpty()) {
          // Dropped, so that the next line recorded starts a line of its own.
          Files.writeString(
              file, text.substring(0, text.lastIndexOf('\n') + 1), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(String line) {
    if (line.isBlank()) {
      return;
    }
    int tab = line.indexOf('\t');
    if (tab < 0) {
      done.add(line);
      return;
    }
    try {
      ChainIndex.Entry entry =
          ChainIndex.JSON.readValue(line.substring(tab + 1), ChainIndex.Entry.class);
      String key = line.substring(0, tab);
      done.add(key);
      entries.put(key, entry);
    } catch (IOException e) {
      // Not a line this journal wrote whole: its object is looked for in the store again.
    }
  }

  synchronized boolean done(String key) {
    return done.contains(key);
  }

  /** The manifest entry recorded when object {@code key} was sent, or null. */
  synchronized ChainIndex.Entry entry(String key) {
    return entries.get(key);
  }

  /**
   * Forgets the objects that are not among {@code listed} (the store's listing): a chain deleted
   * while its upload was pending has lost them, and they are sent again rather than trusted.
   */
  synchronized void retainOnly(java.util.Collection<String> listed) {
    Set<String> kept = new HashSet<>(listed);
    done.retainAll(kept);
    entries.keySet().retainAll(kept);
  }

  /** Records that object {@code key} is in the store. */
  synchronized void record(String key) {
    record(key, null);
  }

  /**
   * Records that object {@code key} is in the store, and with it {@code entry} (null: none), the
   * manifest entry that describes it; one line, written at once.
   */
  synchronized void record(String key, ChainIndex.Entry entry) {
    String line;
    try {
      line = entry == null ? key : key + "\t" + ChainIndex.JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (line.indexOf('\n') >= 0) {
      throw new IllegalStateException("a journal line holds a newline: " + line);
    }
    done.add(key);
    if (entry != null) {
      entries.put(key, entry);
    }
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

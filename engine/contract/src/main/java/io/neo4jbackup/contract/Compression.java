package io.neo4jbackup.contract;

import java.util.Locale;

/**
 * How the engine compresses the objects it writes to object storage ({@code -compression}). A
 * chain's manifest says how each object was written, so a reader needs no option to read it back.
 */
public enum Compression {
  /** Objects are the backup's bytes as they are. */
  NONE,
  /** Zstandard: smaller objects for more CPU. */
  ZSTD,
  /** LZ4: less saved than Zstandard, at a fraction of its CPU. */
  LZ4;

  /** The option's value on the command line: {@code none}, {@code zstd}, {@code lz4}. */
  public String argument() {
    return name().toLowerCase(Locale.ROOT);
  }
}

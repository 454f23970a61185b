package io.neo4jbackup.api.v1alpha1;

/** How the engine compresses the objects it writes to an object store. */
public enum Compression {
  /** Objects are stored as they are. */
  None,
  /** Zstandard: smaller objects for some CPU. */
  Zstd,
  /** LZ4: less saving than Zstd, less CPU. */
  Lz4
}

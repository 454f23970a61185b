package io.neo4jbackup.client;

/**
 * Told of a backup's progress as files arrive; called from the network thread, so keep it quick.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = (files, bytes, currentFile) -> {};

  /**
   * {@code files} complete and {@code bytes} received so far; {@code currentFile} is being written.
   */
  void update(int files, long bytes, String currentFile);
}

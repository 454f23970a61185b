package io.neo4jbackup.client;

/**
 * Told of a backup's progress: bytes as files arrive (from the network thread, so keep it quick),
 * the phase it is in, and each transaction recovery replays.
 */
@FunctionalInterface
public interface Progress {
  Progress NONE = (files, bytes, currentFile) -> {};

  /**
   * {@code files} complete and {@code bytes} received so far; {@code currentFile} is being written.
   */
  void update(int files, long bytes, String currentFile);

  /** The backup moved on to {@code phase}. */
  default void phase(Phase phase) {}

  /** Offline recovery replayed the batch at {@code appendIndex}. */
  default void replayed(long appendIndex) {}

  /** The steps of a backup, in order. */
  enum Phase {
    TRANSFERRING,
    RECOVERING,
    VERIFYING,
    PUBLISHING
  }
}

package io.neo4jbackup.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How long one backup may hold the server, and so its checkpoint pin (which stops log pruning): at
 * most {@code server.online_backup.max_transfer_time} in all and, whenever the server has waited on
 * the client for most of a window ({@code server.online_backup.stall_timeout} long), at least
 * {@code server.online_backup.min_transfer_rate} bytes per second taken over that window. A client
 * that reads slowly on purpose cannot keep the database from pruning its logs until its disk fills.
 */
final class TransferBudget {
  private final LongSupplier nanoTime;
  private final Duration maxTime;
  private final long minRate;
  private final long windowNanos;
  private final long deadline;
  private final AtomicLong taken = new AtomicLong();
  private long windowStart;
  private long takenAtWindowStart;
  private long waitedInWindow;

  /**
   * @param minRate bytes per second, or 0 for no minimum
   * @param window how long each rate measurement lasts
   */
  TransferBudget(Duration maxTime, long minRate, Duration window, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.maxTime = maxTime;
    this.minRate = minRate;
    this.windowNanos = window.toNanos();
    this.windowStart = nanoTime.getAsLong();
    this.deadline = windowStart + maxTime.toNanos();
  }

  TransferBudget(Duration maxTime, long minRate, Duration window) {
    this(maxTime, minRate, window, System::nanoTime);
  }

  /** The client took {@code bytes} more (they left for the socket); any thread. */
  void taken(long bytes) {
    taken.addAndGet(bytes);
  }

  /** How long, at most, the transfer may wait before it must check the budget again. */
  long nanosUntilNextCheck() {
    long now = nanoTime.getAsLong();
    return Math.max(1, Math.min(deadline - now, windowStart + windowNanos - now));
  }

  /**
   * Called by the transfer thread after it waited {@code waitedNanos} on the client (0 when it did
   * not wait): ends the transfer when it is over its budget.
   */
  void check(long waitedNanos) {
    long now = nanoTime.getAsLong();
    if (now - deadline >= 0) {
      throw new ChannelSink.TransferAborted(
          "the backup streamed for longer than server.online_backup.max_transfer_time ("
              + describe(maxTime)
              + ")");
    }
    waitedInWindow += waitedNanos;
    long elapsed = now - windowStart;
    if (elapsed < windowNanos) {
      return;
    }
    long bytes = taken.get() - takenAtWindowStart;
    long rate = (long) (bytes / (elapsed / 1e9));
    if (minRate > 0 && waitedInWindow * 2 >= elapsed && rate < minRate) {
      throw new ChannelSink.TransferAborted(
          bytes == 0
              ? "the client read nothing for " + Duration.ofNanos(elapsed).toSeconds() + " s"
              : String.format(
                  "the client took %d bytes/s over the last %d s while the server waited on it, below"
                      + " server.online_backup.min_transfer_rate (%d bytes/s)",
                  rate, Duration.ofNanos(elapsed).toSeconds(), minRate));
    }
    windowStart = now;
    takenAtWindowStart = taken.get();
    waitedInWindow = 0;
  }

  private static String describe(Duration duration) {
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}

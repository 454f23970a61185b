package io.neo4jbackup.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backups being streamed: at most a configured number at once, each on its own thread, and
 * every one of a database aborted (its pin released) before that database stops.
 */
final class Transfers {
  private final Semaphore permits;
  private final ExecutorService threads;
  private final Map<Running, String> running = new ConcurrentHashMap<>();

  Transfers(int maxConcurrent) {
    this.permits = new Semaphore(maxConcurrent);
    AtomicInteger counter = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "online-backup-transfer-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code work} for {@code database} on a transfer thread; false when all permits are taken.
   */
  boolean start(String database, ChannelSink sink, Runnable work) {
    if (!permits.tryAcquire()) {
      return false;
    }
    Running transfer = new Running(sink, new CountDownLatch(1));
    running.put(transfer, database);
    try {
      threads.execute(
          () -> {
            try {
              work.run();
            } finally {
              running.remove(transfer);
              permits.release();
              transfer.done().countDown();
            }
          });
    } catch (RuntimeException e) {
      running.remove(transfer);
      permits.release();
      throw e;
    }
    return true;
  }

  /** Aborts the transfers of {@code database} and waits a bounded time for them to let go of it. */
  void abortDatabase(String database, String reason) {
    running.forEach(
        (transfer, name) -> {
          if (name.equals(database)) {
            transfer.sink().abort(reason);
          }
        });
    running.forEach(
        (transfer, name) -> {
          if (name.equals(database)) {
            awaitQuietly(transfer);
          }
        });
  }

  void abortAll(String reason) {
    running.keySet().forEach(transfer -> transfer.sink().abort(reason));
    running.keySet().forEach(Transfers::awaitQuietly);
    threads.shutdownNow();
  }

  private static void awaitQuietly(Running transfer) {
    try {
      transfer.done().await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Running(ChannelSink sink, CountDownLatch done) {}
}

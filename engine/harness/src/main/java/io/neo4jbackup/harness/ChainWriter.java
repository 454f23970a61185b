package io.neo4jbackup.harness;

import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Writes a chain of nodes {@code (:Chain {n: 1})}, {@code (:Chain {n: 2})}, ... one committed
 * transaction each, until stopped. A consistent snapshot of the database holds exactly the nodes 1
 * to some N: any gap or duplicate means a backup lost or invented a write.
 */
public final class ChainWriter implements AutoCloseable {
  private final Driver driver;
  private final AtomicLong committed = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile RuntimeException failure;

  private ChainWriter(Driver driver) {
    this.driver = driver;
    this.thread = new Thread(this::run, "chain-writer");
    this.thread.setDaemon(true);
  }

  /** Creates the index on {@code :Chain(n)} and starts writing. */
  public static ChainWriter start(Driver driver) {
    try (Session session = driver.session()) {
      session.run("CREATE INDEX chain_n IF NOT EXISTS FOR (c:Chain) ON (c.n)").consume();
      session.run("CALL db.awaitIndexes(60)").consume();
    }
    ChainWriter writer = new ChainWriter(driver);
    writer.thread.start();
    return writer;
  }

  private void run() {
    try (Session session = driver.session()) {
      while (!stopping) {
        long next = committed.get() + 1;
        session.executeWrite(
            tx ->
                tx.run("CREATE (:Chain {n: $n, at: timestamp()})", java.util.Map.of("n", next))
                    .consume());
        committed.set(next);
      }
    } catch (RuntimeException e) {
      if (!stopping) {
        failure = e;
      }
    }
  }

  /** The highest n whose transaction has committed. */
  public long committed() {
    RuntimeException error = failure;
    if (error != null) {
      throw new IllegalStateException(
          "the chain writer failed after " + committed.get() + " writes", error);
    }
    return committed.get();
  }

  /** Stops writing; returns the highest committed n. */
  public long stop() {
    stopping = true;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return committed.get();
  }

  @Override
  public void close() {
    stop();
  }
}

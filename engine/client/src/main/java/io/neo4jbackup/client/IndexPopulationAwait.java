package io.neo4jbackup.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.internal.kernel.api.IndexMonitor;
import org.neo4j.internal.kernel.api.InternalIndexState;
import org.neo4j.internal.schema.IndexDescriptor;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.kernel.recovery.RecoveryExtension;

/**
 * Keeps recovery from checkpointing while an index it started to rebuild is still being built, so
 * that a recovered backup boots read-only.
 *
 * <p>A store copied after an index finished populating on the server but before the server's next
 * checkpoint holds that index as "populating". Recovery rebuilds it, but in Neo4j 5.26 it does not
 * wait: {@code Recovery.Context.awaitIndexesOnline} waits only once its time is up (its loop tests
 * {@code hasTimedOut} the wrong way round), so recovery checkpoints and stops with the index still
 * populating, and a read-only boot then refuses the database ("Some indexes need to be rebuilt").
 * Recovery stops its database extensions (those marked {@link RecoveryExtension}) just before that
 * checkpoint; this one's {@code stop} waits until every index that started as populating has been
 * built (or has failed), as watched through Neo4j's index monitor. Indexes created by the replayed
 * transactions are waited for by Neo4j itself.
 */
final class IndexPopulationAwait extends IndexMonitor.MonitorAdapter {
  private final Duration bound;
  private final Set<Long> populating = ConcurrentHashMap.newKeySet();
  private final AtomicInteger runningJobs = new AtomicInteger();

  IndexPopulationAwait(Duration bound) {
    this.bound = bound;
  }

  @Override
  public void initialState(String database, IndexDescriptor index, InternalIndexState state) {
    if (state == InternalIndexState.POPULATING) {
      populating.add(index.getId());
    }
  }

  @Override
  public void indexPopulationJobStarting(IndexDescriptor[] indexes) {
    runningJobs.incrementAndGet();
  }

  @Override
  public void populationCompleteOn(IndexDescriptor index) {
    populating.remove(index.getId());
  }

  @Override
  public void populationCancelled(IndexDescriptor[] indexes, boolean storeScanHadStarted) {
    for (IndexDescriptor index : indexes) {
      populating.remove(index.getId());
    }
  }

  @Override
  public void populationJobCompleted(long peakDirectMemoryUsage) {
    runningJobs.decrementAndGet();
  }

  /** The database extension whose {@code stop} waits, to hand to recovery. */
  ExtensionFactory<?> extension() {
    return new Extension(this);
  }

  /** Recovery instantiates only extensions marked {@link RecoveryExtension}. */
  @RecoveryExtension
  private static final class Extension extends ExtensionFactory<Extension.Dependencies> {
    /** It needs nothing from the database. */
    interface Dependencies {}

    private final IndexPopulationAwait indexes;

    Extension(IndexPopulationAwait indexes) {
      super(ExtensionType.DATABASE, "neo4j-backup-index-population");
      this.indexes = indexes;
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
      return new LifecycleAdapter() {
        @Override
        public void stop() throws InterruptedException {
          indexes.await();
        }
      };
    }
  }

  private void await() throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!populating.isEmpty() || runningJobs.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "indexes " + populating + " were still being rebuilt after " + bound);
      }
      Thread.sleep(10);
    }
  }
}

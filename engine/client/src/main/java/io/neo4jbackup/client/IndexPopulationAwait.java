package io.neo4jbackup.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.internal.kernel.api.IndexMonitor;
import org.neo4j.internal.kernel.api.InternalIndexState;
import org.neo4j.internal.recordstorage.Command;
import org.neo4j.internal.schema.IndexDescriptor;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.impl.transaction.CommittedCommandBatchRepresentation;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.kernel.recovery.RecoveryExtension;
import org.neo4j.kernel.recovery.RecoveryMonitor;

/**
 * Keeps recovery from checkpointing while an index it started to rebuild is still being built, so
 * that a recovered backup boots read-only.
 *
 * <p>A store copied after an index finished populating on the server but before the server's next
 * checkpoint holds that index as "populating". Recovery rebuilds it, but in Neo4j 5.26 it does not
 * wait: {@code Recovery.Context.awaitIndexesOnline} waits only once its time is up (its loop tests
 * {@code hasTimedOut} the wrong way round), so recovery checkpoints and stops with the index still
 * populating, and a read-only boot then refuses the database ("Some indexes need to be rebuilt").
 * The same holds for an index that the replayed transactions create. Recovery stops its database
 * extensions (those marked {@link RecoveryExtension}) just before that checkpoint; this one's
 * {@code stop} waits until every such index (seen through Neo4j's index and recovery monitors) has
 * been built or has failed. Should no population run for a while although one is awaited (an index
 * kind that reports differently), it stops waiting rather than hold the backup.
 */
final class IndexPopulationAwait extends IndexMonitor.MonitorAdapter implements RecoveryMonitor {
  private final Duration bound;
  private final Duration idleGrace;
  private final Set<Long> populating = ConcurrentHashMap.newKeySet();
  private final AtomicInteger runningJobs = new AtomicInteger();
  private volatile long lastActivity = System.nanoTime();

  /**
   * @param bound the longest it waits for the indexes to be built
   * @param idleGrace how long it waits for an awaited population to start before it gives up on it
   */
  IndexPopulationAwait(Duration bound, Duration idleGrace) {
    this.bound = bound;
    this.idleGrace = idleGrace;
  }

  @Override
  public void initialState(String database, IndexDescriptor index, InternalIndexState state) {
    if (state == InternalIndexState.POPULATING) {
      populating.add(index.getId());
    }
  }

  /** An index created by a replayed transaction is built after the replay. */
  @Override
  public void batchRecovered(CommittedCommandBatchRepresentation batch) {
    try {
      batch
          .commandBatch()
          .accept(
              command -> {
                if (command instanceof Command.SchemaRuleCommand schema
                    && schema.getSchemaRule() instanceof IndexDescriptor index) {
                  if (schema.getMode() == Command.Mode.CREATE) {
                    populating.add(index.getId());
                  } else if (schema.getMode() == Command.Mode.DELETE) {
                    populating.remove(index.getId());
                  }
                }
                return false;
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void indexPopulationJobStarting(IndexDescriptor[] indexes) {
    runningJobs.incrementAndGet();
    lastActivity = System.nanoTime();
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
    lastActivity = System.nanoTime();
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

  /** Returns once every index awaited is built, has failed, or nothing builds it. */
  void await() throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    lastActivity = System.nanoTime();
    while (!populating.isEmpty() || runningJobs.get() > 0) {
      if (runningJobs.get() == 0 && System.nanoTime() - lastActivity > idleGrace.toNanos()) {
        return; // nothing builds them: the read-only boot of a verification will say so
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "indexes " + populating + " were still being rebuilt after " + bound);
      }
      Thread.sleep(10);
    }
  }
}

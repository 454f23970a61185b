package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.internal.kernel.api.InternalIndexState;
import org.neo4j.internal.schema.IndexDescriptor;
import org.neo4j.internal.schema.IndexPrototype;
import org.neo4j.internal.schema.SchemaDescriptors;

/** Recovery's checkpoint waits for the indexes recovery rebuilds, and only for those. */
@Timeout(30)
class IndexPopulationAwaitTest {
  static final IndexDescriptor INDEX =
      IndexPrototype.forSchema(SchemaDescriptors.forLabel(1, 2)).withName("chain_n").materialise(3);

  final IndexPopulationAwait await =
      new IndexPopulationAwait(Duration.ofMinutes(1), Duration.ofSeconds(5));

  CompletableFuture<Void> stopping() {
    return CompletableFuture.runAsync(
        () -> {
          try {
            await.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void onlineIndexesAreNotWaitedFor() throws Exception {
    await.initialState("neo4j", INDEX, InternalIndexState.ONLINE);
    stopping().get(1, TimeUnit.SECONDS);
  }

  @Test
  void anIndexThatStartedAsPopulatingIsWaitedForUntilItIsBuilt() throws Exception {
    await.initialState("neo4j", INDEX, InternalIndexState.POPULATING);
    CompletableFuture<Void> stop = stopping();
    await.indexPopulationJobStarting(new IndexDescriptor[] {INDEX});
    Thread.sleep(200); // recovery's checkpoint must still be held back here
    assertThat(stop).isNotDone();

    await.populationCompleteOn(INDEX);
    await.populationJobCompleted(0);

    stop.get(1, TimeUnit.SECONDS);
  }

  @Test
  void aPopulationThatFailsOrIsCancelledEndsTheWait() throws Exception {
    await.initialState("neo4j", INDEX, InternalIndexState.POPULATING);
    CompletableFuture<Void> stop = stopping();
    await.indexPopulationJobStarting(new IndexDescriptor[] {INDEX});
    await.populationCancelled(new IndexDescriptor[] {INDEX}, true);
    await.populationJobCompleted(0);
    stop.get(1, TimeUnit.SECONDS);
  }

  @Test
  void anAwaitedIndexThatNothingBuildsIsGivenUpOnAfterTheGrace() throws Exception {
    await.initialState("neo4j", INDEX, InternalIndexState.POPULATING);
    long started = System.nanoTime();
    stopping().get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(4));
  }
}

package io.neo4jbackup.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How long, and how slowly, one backup may hold the server's checkpoint pin. */
class TransferBudgetTest {
  static final long SECOND = 1_000_000_000L;
  final AtomicLong now = new AtomicLong(42 * SECOND);

  TransferBudget budget(Duration maxTime, long minRate) {
    return new TransferBudget(maxTime, minRate, Duration.ofSeconds(10), now::get);
  }

  /** The clock moves {@code seconds} while the server waits on the client (or not). */
  void pass(TransferBudget budget, long seconds, boolean waiting) {
    now.addAndGet(seconds * SECOND);
    budget.check(waiting ? seconds * SECOND : 0);
  }

  @Test
  void aTransferEndsAtTheMaximumTransferTimeHoweverFastItIs() {
    TransferBudget budget = budget(Duration.ofMinutes(1), 0);
    for (int i = 0; i < 5; i++) {
      budget.taken(100L << 20);
      pass(budget, 10, false);
    }
    now.addAndGet(10 * SECOND);
    assertThatThrownBy(() -> budget.check(0))
        .isInstanceOf(ChannelSink.TransferAborted.class)
        .hasMessage(
            "the backup streamed for longer than server.online_backup.max_transfer_time (1m)");
  }

  @Test
  void aClientSlowerThanTheMinimumRateWhileTheServerWaitsIsDropped() {
    TransferBudget budget = budget(Duration.ofHours(1), 1 << 20);
    budget.taken(5L << 20); // 5 MiB in 10 s: half the rate
    now.addAndGet(10 * SECOND);
    assertThatThrownBy(() -> budget.check(10 * SECOND))
        .isInstanceOf(ChannelSink.TransferAborted.class)
        .hasMessage(
            "the client took 524288 bytes/s over the last 10 s while the server waited on it,"
                + " below server.online_backup.min_transfer_rate (1048576 bytes/s)");
  }

  @Test
  void aClientThatTookNothingIsSaidToHaveReadNothing() {
    TransferBudget budget = budget(Duration.ofHours(1), 1 << 20);
    now.addAndGet(10 * SECOND);
    assertThatThrownBy(() -> budget.check(10 * SECOND))
        .hasMessage("the client read nothing for 10 s");
  }

  @Test
  void aClientAtTheMinimumRateGoesOn() {
    TransferBudget budget = budget(Duration.ofHours(1), 1 << 20);
    for (int i = 0; i < 10; i++) {
      budget.taken(10L << 20);
      int step = i;
      assertThatCode(() -> pass(budget, 10, true)).as("window %d", step).doesNotThrowAnyException();
    }
  }

  @Test
  void aServerThatProducesSlowlyIsNotTheClientsFault() {
    TransferBudget budget = budget(Duration.ofHours(1), 1 << 20);
    budget.taken(1 << 10); // little data, but the server was busy reading, not waiting
    now.addAndGet(10 * SECOND);
    assertThatCode(() -> budget.check(SECOND)).doesNotThrowAnyException();
  }

  @Test
  void aSlowWindowIsJudgedOnItsOwnNotAveragedWithFastOnes() {
    TransferBudget budget = budget(Duration.ofHours(1), 1 << 20);
    budget.taken(1L << 30);
    pass(budget, 10, true);
    budget.taken(1 << 10);
    assertThatThrownBy(() -> pass(budget, 10, true))
        .isInstanceOf(ChannelSink.TransferAborted.class);
  }

  @Test
  void aMinimumRateOfZeroTurnsTheCheckOff() {
    TransferBudget budget = budget(Duration.ofHours(1), 0);
    assertThatCode(() -> pass(budget, 30, true)).doesNotThrowAnyException();
  }
}

package io.neo4jbackup.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A window holds both its ends, in transactions and in time. */
class RecoveryWindowTest {
  static final Instant FIRST = Instant.parse("2026-12-05T14:00:00Z");
  static final Instant LAST = Instant.parse("2026-12-05T16:00:00Z");
  static final RecoveryWindow WINDOW = new RecoveryWindow(10, FIRST, 90, LAST);

  @Test
  void itHoldsItsFirstAndLastTransactionAndNothingBeyond() {
    assertThat(WINDOW.containsTx(10)).isTrue();
    assertThat(WINDOW.containsTx(90)).isTrue();
    assertThat(WINDOW.containsTx(9)).isFalse();
    assertThat(WINDOW.containsTx(91)).isFalse();
  }

  @Test
  void itHoldsItsFirstAndLastCommitTimeToTheMillisecond() {
    assertThat(WINDOW.containsTime(FIRST)).isTrue();
    assertThat(WINDOW.containsTime(LAST)).isTrue();
    assertThat(WINDOW.containsTime(FIRST.minusMillis(1))).isFalse();
    assertThat(WINDOW.containsTime(LAST.plusMillis(1))).isFalse();
  }

  @Test
  void itDescribesItselfInTransactionsAndTimes() {
    assertThat(WINDOW.describe())
        .isEqualTo(
            "transactions 10 to 90 (committed 2026-12-05T14:00:00Z to 2026-12-05T16:00:00Z)");
  }
}

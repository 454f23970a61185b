package io.neo4jbackup.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The points a backup chain can restore: the database as it was after any transaction from {@code
 * firstTxId} (the full backup's last) to {@code lastTxId} (the newest backup's last), or after the
 * last one committed at or before any instant from {@code firstTime} to {@code lastTime}, the
 * commit times of those two transactions (the source server's clock, to the millisecond).
 */
public record RecoveryWindow(
    @JsonProperty("firstTxId") long firstTxId,
    @JsonProperty("firstTime") Instant firstTime,
    @JsonProperty("lastTxId") long lastTxId,
    @JsonProperty("lastTime") Instant lastTime) {

  public boolean containsTx(long txId) {
    return txId >= firstTxId && txId <= lastTxId;
  }

  public boolean containsTime(Instant instant) {
    return !instant.isBefore(firstTime) && !instant.isAfter(lastTime);
  }

  /** The window in words, for messages: {@code transactions 5 to 90 (2026-...Z to 2026-...Z)}. */
  public String describe() {
    return String.format(
        "transactions %d to %d (committed %s to %s)", firstTxId, lastTxId, firstTime, lastTime);
  }
}

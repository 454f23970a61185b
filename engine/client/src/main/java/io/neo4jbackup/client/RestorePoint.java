package io.neo4jbackup.client;

import java.time.Instant;

/**
 * Which state of a chain a restore brings back: its newest; the database as it was after
 * transaction {@code txId}; or after the last transaction committed at or before {@code time}.
 */
public record RestorePoint(Long txId, Instant time) {
  public RestorePoint {
    if (txId != null && time != null) {
      throw new IllegalArgumentException(
          "a restore point is a transaction or an instant, not both");
    }
  }

  public static RestorePoint newest() {
    return new RestorePoint(null, null);
  }

  public static RestorePoint afterTransaction(long txId) {
    return new RestorePoint(txId, null);
  }

  public static RestorePoint at(Instant time) {
    return new RestorePoint(null, time);
  }

  public boolean isNewest() {
    return txId == null && time == null;
  }

  @Override
  public String toString() {
    return isNewest()
        ? "the newest state"
        : txId != null ? "transaction " + txId : "the last commit at or before " + time;
  }
}

package io.neo4jbackup.objectstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A chain in use: the object {@code <chain>/leases/<uuid>.json} a backup or a restore writes before
 * it reads or extends the chain and deletes when it is done, naming its holder and when the lease
 * runs out ({@link #BOUND} after it was taken, so that a killed run does not keep a chain forever).
 * A delete of the chain is refused while a lease that has not run out exists.
 */
final class ChainLease implements AutoCloseable {
  /** How long a lease holds: longer than any backup or restore should take. */
  static final Duration BOUND = Duration.ofHours(6);

  static final String FOLDER = "leases/";

  /** What a lease object holds. */
  record Holder(String holder, String purpose, Instant takenAt, Instant expiresAt) {}

  private final ObjectStore store;
  private final String key;

  private ChainLease(ObjectStore store, String key) {
    this.store = store;
    this.key = key;
  }

  /** Writes a lease on the chain with key prefix {@code chainPrefix} ("…/chain-…/"). */
  static ChainLease take(ObjectStore store, String chainPrefix, String purpose, Clock clock) {
    Instant now = clock.instant();
    Holder holder =
        new Holder(ManagementFactory.getRuntimeMXBean().getName(), purpose, now, now.plus(BOUND));
    String key = chainPrefix + FOLDER + UUID.randomUUID() + ".json";
    try {
      store.putNew(key, ChainIndex.JSON.writeValueAsBytes(holder));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new ChainLease(store, key);
  }

  /** The leases on the chain with key prefix {@code chainPrefix} that have not run out. */
  static List<Holder> active(ObjectStore store, String chainPrefix, Instant now) {
    List<Holder> active = new ArrayList<>();
    for (String key : store.listKeys(chainPrefix + FOLDER)) {
      Holder holder;
      try {
        holder = ChainIndex.JSON.readValue(store.getBytes(key), Holder.class);
      } catch (IOException | BackupException e) {
        // Unreadable, or gone since it was listed (its run ended): nothing holds the chain there.
        if (e instanceof BackupException b && b.failure() != BackupFailure.OBJECT_STORE_INTEGRITY) {
          throw b;
        }
        continue;
      }
      if (holder.expiresAt() != null && holder.expiresAt().isAfter(now)) {
        active.add(holder);
      }
    }
    return active;
  }

  /** Deletes the lease; a failure to is left to the lease's expiry. */
  @Override
  public void close() {
    try {
      store.delete(key);
    } catch (BackupException e) {
      // The lease runs out by itself.
    }
  }
}

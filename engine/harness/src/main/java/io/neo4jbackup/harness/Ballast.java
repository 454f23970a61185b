package io.neo4jbackup.harness;

import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Bulk data that makes a store large: nodes with 1 KiB string properties, 1 MiB per transaction.
 */
public final class Ballast {
  private Ballast() {}

  /** Adds about {@code megabytes} MiB of {@code :Ballast} nodes. */
  public static void add(Driver driver, int megabytes) {
    try (Session session = driver.session()) {
      for (int i = 0; i < megabytes; i++) {
        int batch = i;
        session.executeWrite(
            tx ->
                tx.run(
                        "UNWIND range(1, 1024) AS i CREATE (:Ballast {batch: $batch, data: $data + toString(i)})",
                        Map.of("batch", batch, "data", "x".repeat(1000)))
                    .consume());
      }
    }
  }
}

package io.neo4jbackup.operator.backup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.operator.result.EngineResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics about backups, counted once per finished backup: {@code
 * neo4j_backup_succeeded_total}, {@code neo4j_backup_failed_total{reason}}, the bytes received
 * ({@code neo4j_backup_bytes}) and the duration ({@code neo4j_backup_duration_seconds}), with the
 * namespace and the mode taken; and the restore drills backups ran ({@code
 * neo4j_backup_drill_passed_total}, {@code neo4j_backup_drill_failed_total}) with when a drill last
 * passed in the namespace ({@code neo4j_backup_drill_last_passed_time_seconds}).
 */
public final class BackupMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> lastPassed = new ConcurrentHashMap<>();

  public BackupMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void succeeded(String namespace, EngineResult.Succeeded result, Duration took) {
    String mode = result.mode().name();
    Counter.builder("neo4j.backup.succeeded")
        .description("Backups that completed")
        .tags("namespace", namespace, "mode", mode)
        .register(registry)
        .increment();
    DistributionSummary.builder("neo4j.backup.bytes")
        .description("Bytes received from the server by completed backups")
        .baseUnit("bytes")
        .tags("namespace", namespace, "mode", mode)
        .register(registry)
        .record(result.bytes());
    Timer.builder("neo4j.backup.duration")
        .description("How long completed backups took, from the Job's start")
        .tags("namespace", namespace, "mode", mode)
        .register(registry)
        .record(took);
  }

  void failed(String namespace, FailureReason reason) {
    Counter.builder("neo4j.backup.failed")
        .description("Backups that failed, by reason")
        .tags("namespace", namespace, "reason", reason.name())
        .register(registry)
        .increment();
  }

  /** A backup's restore drill finished at {@code at}, passed or not. */
  void drilled(String namespace, boolean passed, Instant at) {
    Counter.builder(passed ? "neo4j.backup.drill.passed" : "neo4j.backup.drill.failed")
        .description(
            passed
                ? "Restore drills of backups that answered as expected"
                : "Restore drills of backups that did not answer as expected")
        .tags("namespace", namespace)
        .register(registry)
        .increment();
    if (passed) {
      lastPassed
          .computeIfAbsent(
              namespace,
              ns -> {
                AtomicLong seconds = new AtomicLong();
                Gauge.builder("neo4j.backup.drill.last.passed.time", seconds, AtomicLong::get)
                    .description("When a backup's restore drill last passed (Unix seconds)")
                    .baseUnit("seconds")
                    .tags("namespace", ns)
                    .register(registry);
                return seconds;
              })
          .set(at.getEpochSecond());
    }
  }
}

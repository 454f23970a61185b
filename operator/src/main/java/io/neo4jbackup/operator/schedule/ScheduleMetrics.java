package io.neo4jbackup.operator.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.DrillRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.RecoveryWindowStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-schedule metrics (tags {@code namespace}, {@code schedule}): the time of the last success and
 * of the last failure, duration and bytes of the last backup, the first and last points in time the
 * schedule's chains restore ({@code neo4j_backup_first_recoverable_timestamp_seconds}, {@code
 * neo4j_backup_last_recoverable_timestamp_seconds}) (gauges read from the schedule's status, so
 * they survive an operator restart), and runs by outcome ({@code
 * neo4j_backup_schedule_runs_total{outcome}}: started, succeeded, failed, skipped, missed); for
 * restore drills, drills by outcome ({@code neo4j_backup_schedule_drills_total{outcome}}: started,
 * passed, failed), when the last drill finished ({@code
 * neo4j_backup_schedule_last_drill_time_seconds}) and whether it passed ({@code
 * neo4j_backup_schedule_last_drill_passed}, 1 or 0).
 */
public final class ScheduleMetrics {

  /** The outcomes runs are counted by. */
  public enum Outcome {
    started,
    succeeded,
    failed,
    skipped,
    missed
  }

  /** The outcomes restore drills are counted by. */
  public enum Drill {
    started,
    passed,
    failed
  }

  private final MeterRegistry registry;
  private final Map<String, Gauges> gauges = new ConcurrentHashMap<>();

  public ScheduleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** What the gauges of one schedule read; NaN until known. */
  private static final class Gauges {
    volatile double lastSuccess = Double.NaN;
    volatile double lastFailure = Double.NaN;
    volatile double duration = Double.NaN;
    volatile double bytes = Double.NaN;
    volatile double firstRecoverable = Double.NaN;
    volatile double lastRecoverable = Double.NaN;
    volatile double lastDrill = Double.NaN;
    volatile double lastDrillPassed = Double.NaN;
    final List<Meter> meters = new ArrayList<>();
  }

  public void count(String namespace, String schedule, Outcome outcome, long runs) {
    Counter.builder("neo4j.backup.schedule.runs")
        .description("Scheduled runs by outcome")
        .tags(tags(namespace, schedule).and("outcome", outcome.name()))
        .register(registry)
        .increment(runs);
  }

  public void countDrills(String namespace, String schedule, Drill outcome, long drills) {
    Counter.builder("neo4j.backup.schedule.drills")
        .description("Restore drills of the schedule's backups by outcome")
        .tags(tags(namespace, schedule).and("outcome", outcome.name()))
        .register(registry)
        .increment(drills);
  }

  /** Sets the gauges of a schedule from its status. */
  public void observe(String namespace, String schedule, Neo4jBackupScheduleStatus status) {
    Gauges g =
        gauges.computeIfAbsent(namespace + "/" + schedule, k -> register(namespace, schedule));
    BackupRecord success = status.getLastSuccessfulBackup();
    BackupRecord failure = status.getLastFailedBackup();
    g.lastSuccess = seconds(success);
    g.lastFailure = seconds(failure);
    BackupRecord last = newer(success, failure);
    g.duration =
        last == null || last.getDuration() == null
            ? Double.NaN
            : Durations.seconds(last.getDuration());
    g.bytes =
        last == null || last.getBytesTransferred() == null
            ? Double.NaN
            : last.getBytesTransferred();
    RecoveryWindowStatus window = status.getRecoveryWindow();
    g.firstRecoverable = window == null ? Double.NaN : seconds(window.getFirstRecoverableTime());
    g.lastRecoverable = window == null ? Double.NaN : seconds(window.getLastRecoverableTime());
    DrillRecord drill = status.getLastDrill();
    g.lastDrill = drill == null ? Double.NaN : seconds(drill.getTime());
    g.lastDrillPassed =
        drill == null || drill.getPassed() == null ? Double.NaN : drill.getPassed() ? 1 : 0;
  }

  /** Removes the meters of a deleted schedule. */
  public void forget(String namespace, String schedule) {
    Gauges g = gauges.remove(namespace + "/" + schedule);
    if (g != null) {
      g.meters.forEach(registry::remove);
    }
    for (String counter : List.of("neo4j.backup.schedule.runs", "neo4j.backup.schedule.drills")) {
      registry.find(counter).tags(tags(namespace, schedule)).meters().forEach(registry::remove);
    }
  }

  private Gauges register(String namespace, String schedule) {
    Gauges g = new Gauges();
    Tags tags = tags(namespace, schedule);
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.success.time", g, x -> x.lastSuccess)
            .description("When the schedule's last successful backup completed (Unix seconds)")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.failure.time", g, x -> x.lastFailure)
            .description("When the schedule's last failed backup finished (Unix seconds)")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.duration", g, x -> x.duration)
            .description("How long the schedule's last finished backup took")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.transferred", g, x -> x.bytes)
            .description("Bytes the schedule's last finished backup received")
            .baseUnit("bytes")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.first.recoverable.timestamp", g, x -> x.firstRecoverable)
            .description(
                "The earliest point in time the schedule's kept chains restore (Unix seconds)")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.last.recoverable.timestamp", g, x -> x.lastRecoverable)
            .description("The latest point in time the schedule's chains restore (Unix seconds)")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.drill.time", g, x -> x.lastDrill)
            .description("When the schedule's last restore drill finished (Unix seconds)")
            .baseUnit("seconds")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    g.meters.add(
        Gauge.builder("neo4j.backup.schedule.last.drill.passed", g, x -> x.lastDrillPassed)
            .description("Whether the schedule's last restore drill passed: 1, else 0")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    return g;
  }

  private static Tags tags(String namespace, String schedule) {
    return Tags.of("namespace", namespace, "schedule", schedule);
  }

  /** An RFC 3339 time in Unix seconds, to the millisecond; NaN when absent or unreadable. */
  private static double seconds(String time) {
    if (time == null) {
      return Double.NaN;
    }
    try {
      return Instant.parse(time).toEpochMilli() / 1000.0;
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  private static double seconds(BackupRecord record) {
    return record == null || record.getCompletionTime() == null
        ? Double.NaN
        : Instant.parse(record.getCompletionTime()).getEpochSecond();
  }

  static BackupRecord newer(BackupRecord a, BackupRecord b) {
    if (a == null || a.getCompletionTime() == null) {
      return b;
    }
    if (b == null || b.getCompletionTime() == null) {
      return a;
    }
    return Instant.parse(a.getCompletionTime()).isAfter(Instant.parse(b.getCompletionTime()))
        ? a
        : b;
  }
}

package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.RecoveryWindowStatus;
import org.junit.jupiter.api.Test;

class ScheduleMetricsTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ScheduleMetrics metrics = new ScheduleMetrics(registry);

  @Test
  void exposesTheLastSuccessAndFailureAndTheLastBackupsDurationAndBytesPerSchedule() {
    Neo4jBackupScheduleStatus status = new Neo4jBackupScheduleStatus();
    status.setLastSuccessfulBackup(record("2026-01-10T02:31:05Z", "1m5s", 4096L));
    status.setLastFailedBackup(record("2026-01-09T02:30:03Z", null, null));

    metrics.observe("graph", "nightly", status);
    metrics.count("graph", "nightly", ScheduleMetrics.Outcome.succeeded, 1);
    metrics.count("graph", "nightly", ScheduleMetrics.Outcome.missed, 2);

    String scrape = registry.scrape();
    String labels = "{namespace=\"graph\",schedule=\"nightly\"}";
    assertThat(scrape)
        .contains("neo4j_backup_schedule_last_success_time_seconds" + labels + " 1.768012265E9")
        .contains("neo4j_backup_schedule_last_failure_time_seconds" + labels + " 1.767925803E9")
        .contains("neo4j_backup_schedule_last_duration_seconds" + labels + " 65.0")
        .contains("neo4j_backup_schedule_last_transferred_bytes" + labels + " 4096.0")
        .contains(
            "neo4j_backup_schedule_runs_total{namespace=\"graph\",outcome=\"succeeded\",schedule=\"nightly\"} 1.0")
        .contains(
            "neo4j_backup_schedule_runs_total{namespace=\"graph\",outcome=\"missed\",schedule=\"nightly\"} 2.0");
  }

  @Test
  void exposesTheFirstAndLastRecoverablePointsOfTheSchedulesWindowToTheMillisecond() {
    Neo4jBackupScheduleStatus status = new Neo4jBackupScheduleStatus();
    RecoveryWindowStatus window = new RecoveryWindowStatus();
    window.setFirstRecoverableTime("2026-01-05T01:30:00.123Z");
    window.setLastRecoverableTime("2026-01-10T02:31:05Z");
    status.setRecoveryWindow(window);

    metrics.observe("graph", "nightly", status);

    String labels = "{namespace=\"graph\",schedule=\"nightly\"}";
    assertThat(registry.scrape())
        .contains("neo4j_backup_first_recoverable_timestamp_seconds" + labels + " 1.767576600123E9")
        .contains("neo4j_backup_last_recoverable_timestamp_seconds" + labels + " 1.768012265E9");
  }

  @Test
  void withoutAWindowTheRecoverableGaugesAreNaNNotAStaleValue() {
    Neo4jBackupScheduleStatus status = new Neo4jBackupScheduleStatus();
    RecoveryWindowStatus window = new RecoveryWindowStatus();
    window.setFirstRecoverableTime("2026-01-05T01:30:00Z");
    window.setLastRecoverableTime("2026-01-10T02:31:05Z");
    status.setRecoveryWindow(window);
    metrics.observe("graph", "nightly", status);

    metrics.observe("graph", "nightly", new Neo4jBackupScheduleStatus());

    String labels = "{namespace=\"graph\",schedule=\"nightly\"}";
    assertThat(registry.scrape())
        .contains("neo4j_backup_first_recoverable_timestamp_seconds" + labels + " NaN")
        .contains("neo4j_backup_last_recoverable_timestamp_seconds" + labels + " NaN");
  }

  @Test
  void aDeletedSchedulesMetricsAreRemoved() {
    metrics.observe("graph", "nightly", new Neo4jBackupScheduleStatus());
    metrics.count("graph", "nightly", ScheduleMetrics.Outcome.started, 1);

    metrics.forget("graph", "nightly");

    assertThat(registry.scrape())
        .doesNotContain("schedule=\"nightly\"")
        .doesNotContain("neo4j_backup_first_recoverable_timestamp_seconds{");
  }

  private static BackupRecord record(String completion, String duration, Long bytes) {
    BackupRecord record = new BackupRecord();
    record.setCompletionTime(completion);
    record.setDuration(duration);
    record.setBytesTransferred(bytes);
    return record;
  }
}

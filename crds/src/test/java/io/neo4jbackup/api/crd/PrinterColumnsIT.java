package io.neo4jbackup.api.crd;

import static io.neo4jbackup.api.crd.SampleResources.backup;
import static io.neo4jbackup.api.crd.SampleResources.schedule;
import static io.neo4jbackup.api.crd.SampleResources.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.RecoveryWindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code kubectl get} shows what a person scans for, in the order they scan it. */
@ExtendWith(ApiServerExtension.class)
class PrinterColumnsIT {

  private static ApiServer api;
  private static String ns;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
    ns = api.namespace("columns");
  }

  @Test
  void backupsShowPhaseModeLastTransactionReasonAndAge() {
    Neo4jBackup good = backups().resource(backup("nightly-1")).create();
    good.setStatus(succeeded(48213L));
    backups().resource(good).updateStatus();
    Neo4jBackup bad = backups().resource(backup("nightly-2")).create();
    Neo4jBackupStatus failed = new Neo4jBackupStatus();
    failed.setPhase(BackupPhase.Failed);
    failed.setMode(BackupMode.Incremental);
    failed.setFailureReason(FailureReason.LogsPruned);
    bad.setStatus(failed);
    backups().resource(bad).updateStatus();

    List<Map<String, String>> rows = api.kubectlTable("get", "neo4jbackups", "-n", ns);

    assertThat(rows.get(0).keySet())
        .containsExactly("NAME", "PHASE", "MODE", "LAST TX", "REASON", "AGE");
    assertThat(rows.get(0))
        .containsEntry("NAME", "nightly-1")
        .containsEntry("PHASE", "Succeeded")
        .containsEntry("MODE", "Incremental")
        .containsEntry("LAST TX", "48213")
        .containsEntry("REASON", "");
    assertThat(rows.get(1))
        .containsEntry("NAME", "nightly-2")
        .containsEntry("PHASE", "Failed")
        .containsEntry("LAST TX", "")
        .containsEntry("REASON", "LogsPruned");
  }

  @Test
  void backupsShowSourceTargetDurationAndVerificationWhenWide() {
    backups().resource(backup("wide")).create();

    List<Map<String, String>> rows =
        api.kubectlTable("get", "neo4jbackup", "wide", "-n", ns, "-o", "wide");

    assertThat(rows.get(0).keySet())
        .containsExactly(
            "NAME",
            "PHASE",
            "MODE",
            "LAST TX",
            "REASON",
            "AGE",
            "FROM",
            "CLAIM",
            "PATH",
            "CHAIN",
            "DURATION",
            "VERIFIED",
            "DRILL PASSED");
    assertThat(rows.get(0))
        .containsEntry("FROM", "single://neo4j")
        .containsEntry("CLAIM", "neo4j-backups")
        .containsEntry("PATH", "neo4j/prod");
  }

  @Test
  void schedulesShowScheduleSuspendedLastSuccessRecoverableFromAndNextRun() {
    Neo4jBackupSchedule created = schedules().resource(schedule("nightly", "30 2 * * *")).create();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    BackupRecord last = new BackupRecord();
    last.setName("nightly-28930140");
    last.setCompletionTime(now.minus(Duration.ofHours(5)).toString());
    Neo4jBackupScheduleStatus status = new Neo4jBackupScheduleStatus();
    status.setLastSuccessfulBackup(last);
    RecoveryWindowStatus window = new RecoveryWindowStatus();
    window.setFirstRecoverableTime(now.minus(Duration.ofDays(12)).minusMillis(123).toString());
    window.setLastRecoverableTime(now.minus(Duration.ofHours(6)).minusMillis(456).toString());
    status.setRecoveryWindow(window);
    status.setNextScheduleTime(now.plus(Duration.ofHours(19)).toString());
    created.setStatus(status);
    schedules().resource(created).updateStatus();

    List<Map<String, String>> rows = api.kubectlTable("get", "neo4jbackupschedules", "-n", ns);

    assertThat(rows.get(0).keySet())
        .containsExactly(
            "NAME", "SCHEDULE", "SUSPENDED", "LAST SUCCESS", "RECOVERABLE FROM", "NEXT RUN", "AGE");
    assertThat(rows.get(0))
        .containsEntry("SCHEDULE", "30 2 * * *")
        .containsEntry("SUSPENDED", "false")
        .containsEntry("NEXT RUN", status.getNextScheduleTime());
    assertThat(rows.get(0).get("LAST SUCCESS")).as("an age, not a date").matches("5h(\\d+m)?");
    assertThat(rows.get(0).get("RECOVERABLE FROM"))
        .as("an age, from a time with milliseconds")
        .matches("12d(\\d+h)?");
    List<Map<String, String>> wide =
        api.kubectlTable("get", "neo4jbackupschedules", "-n", ns, "-o", "wide");
    assertThat(wide.get(0).get("RECOVERABLE TO")).matches("6h(\\d+m)?");
  }

  private static NonNamespaceOperation<Neo4jBackup, ?, Resource<Neo4jBackup>> backups() {
    return api.client().resources(Neo4jBackup.class).inNamespace(ns);
  }

  private static NonNamespaceOperation<Neo4jBackupSchedule, ?, Resource<Neo4jBackupSchedule>>
      schedules() {
    return api.client().resources(Neo4jBackupSchedule.class).inNamespace(ns);
  }
}

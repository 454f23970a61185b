package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.PhaseRecord;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.PhaseTime;
import io.neo4jbackup.contract.RecoveryWindow;
import io.neo4jbackup.operator.result.EngineResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupStatusesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusStaysTheSame() {
    Neo4jBackup backup = backup(3);
    backup.setStatus(
        BackupStatuses.waiting(backup, BackupConditionReason.TargetBusy, "waiting for a", T0));

    Neo4jBackupStatus running =
        BackupStatuses.running(
            backup, "nightly", T0.plusSeconds(60), Optional.empty(), T0.plusSeconds(60));

    BackupCondition complete = condition(running, BackupConditionType.Complete);
    assertThat(complete.getReason()).isEqualTo(BackupConditionReason.Running);
    assertThat(complete.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(running.getObservedGeneration()).isEqualTo(3);
    assertThat(running.getStartTime()).isEqualTo("2026-01-01T10:01:00Z");
  }

  @ParameterizedTest(name = "drill passed {0}, backup failed with {1}")
  @CsvSource({"false, VerificationFailed, true", "true, TargetBusy, false"})
  void aFailedBackupIsUnverifiedOnlyWhenItsDrillFailed(
      boolean passed, FailureReason reason, boolean unverified) {
    Neo4jBackup backup = backup(1);
    DrillResult drilled =
        new DrillResult("neo4j", 7, null, "RETURN 1", "1", passed ? "1" : "2", passed, null);

    Neo4jBackupStatus failed = BackupStatuses.failed(backup, reason, "no", drilled, T0);

    assertThat(failed.getDrill().getPassed()).isEqualTo(passed);
    assertThat(failed.getDrill().getActual()).isEqualTo(passed ? "1" : "2");
    assertThat(failed.getVerification()).isNull();
    if (unverified) {
      assertThat(condition(failed, BackupConditionType.Verified))
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
          .satisfies(c -> assertThat(c.getReason()).isEqualTo(BackupConditionReason.DrillFailed));
    } else {
      assertThat(failed.getConditions())
          .noneMatch(c -> c.getType() == BackupConditionType.Verified);
    }
  }

  @Test
  void aFailureSetsTheFailedConditionAndTheReasonEverywhere() {
    Neo4jBackup backup = backup(1);
    backup.setStatus(BackupStatuses.running(backup, "nightly", T0, Optional.empty(), T0));

    Neo4jBackupStatus failed =
        BackupStatuses.failed(
            backup, FailureReason.VerificationFailed, "inconsistent", null, T0.plusSeconds(5));

    assertThat(failed.getPhase()).isEqualTo(BackupPhase.Failed);
    assertThat(failed.getFailureReason()).isEqualTo(FailureReason.VerificationFailed);
    assertThat(failed.getVerification()).isEqualTo(VerificationResult.Failed);
    assertThat(failed.getJobName()).isEqualTo("nightly");
    assertThat(condition(failed, BackupConditionType.Failed).getStatus())
        .isEqualTo(ConditionStatus.True);
    assertThat(condition(failed, BackupConditionType.Complete).getLastTransitionTime())
        .isEqualTo("2026-01-01T10:00:00Z");
    assertThat(condition(failed, BackupConditionType.Verified).getReason())
        .isEqualTo(BackupConditionReason.VerificationFailed);
    assertThat(backup.getStatus().getPhase()).isEqualTo(BackupPhase.Running);
  }

  @Test
  void aSuccessShowsThePointsItsChainRestoresAsTheEngineReportedThem() {
    Neo4jBackup backup = backup(1);
    RecoveryWindow window =
        new RecoveryWindow(
            310,
            Instant.parse("2026-01-05T01:30:00.123Z"),
            4711,
            Instant.parse("2026-01-07T01:30:02Z"));

    Neo4jBackupStatus status =
        BackupStatuses.succeeded(backup, result(window), T0.plusSeconds(30), T0.plusSeconds(30));

    assertThat(status.getFirstRecoverableTxId()).isEqualTo(310);
    assertThat(status.getFirstRecoverableTime())
        .as("to the millisecond: a time rounded to the second could lie before the window")
        .isEqualTo("2026-01-05T01:30:00.123Z");
    assertThat(status.getLastRecoverableTxId()).isEqualTo(4711);
    assertThat(status.getLastRecoverableTime()).isEqualTo("2026-01-07T01:30:02Z");
    assertThat(condition(status, BackupConditionType.Complete).getMessage())
        .endsWith(
            "; its chain restores transactions 310 to 4711 (committed 2026-01-05T01:30:00.123Z"
                + " to 2026-01-07T01:30:02Z).");
  }

  @Test
  void aSuccessShowsWhereTheEnginesTimeWentPhaseByPhaseInSeconds() {
    Neo4jBackupStatus status =
        BackupStatuses.succeeded(backup(1), result(null), T0.plusSeconds(30), T0.plusSeconds(30));

    assertThat(status.getPhases())
        .extracting(PhaseRecord::getPhase, PhaseRecord::getSeconds)
        .containsExactly(tuple("jvm", 0.21), tuple("connecting", 1.01));
  }

  @Test
  void aSuccessOfAChainBegunBeforePointInTimeRestoreShowsNoWindow() {
    Neo4jBackupStatus status =
        BackupStatuses.succeeded(backup(1), result(null), T0.plusSeconds(30), T0.plusSeconds(30));

    assertThat(status.getFirstRecoverableTxId()).isNull();
    assertThat(status.getFirstRecoverableTime()).isNull();
    assertThat(status.getLastRecoverableTxId()).isNull();
    assertThat(status.getLastRecoverableTime()).isNull();
    assertThat(condition(status, BackupConditionType.Complete).getMessage())
        .doesNotContain("restores");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT0.4S, 0s", "PT45S, 45s", "PT4M12S, 4m12s", "PT1H0M5S, 1h0m5s", "PT26H, 26h0m0s"})
  void durationsReadAsKubernetesPrintsThem(Duration duration, String expected) {
    assertThat(BackupStatuses.format(duration)).isEqualTo(expected);
  }

  private static EngineResult.Succeeded result(RecoveryWindow window) {
    return new EngineResult.Succeeded(
        BackupMode.Incremental,
        "/backup/neo4j/prod",
        "neo4j",
        "store-1",
        "neo4j.graph.svc.cluster.local:6362",
        null,
        4700,
        4711,
        2048,
        3,
        Duration.ofSeconds(12),
        VerificationResult.Skipped,
        null,
        window,
        null,
        List.of(
            new PhaseTime("jvm", Duration.ofMillis(214)),
            new PhaseTime("connecting", Duration.ofMillis(1005))));
  }

  private static BackupCondition condition(Neo4jBackupStatus status, BackupConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow();
  }

  private static Neo4jBackup backup(long generation) {
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(
        new ObjectMetaBuilder().withName("nightly").withGeneration(generation).build());
    return backup;
  }
}

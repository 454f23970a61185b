package io.neo4jbackup.operator.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.DrillStatus;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.PhaseRecord;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.RecoveryWindow;
import io.neo4jbackup.contract.ResultLine;
import io.neo4jbackup.operator.Conditions;
import io.neo4jbackup.operator.result.EngineResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds a Neo4jBackup's status for each step of its life, in one place: the phase, the standard
 * conditions ({@link Conditions}: a condition's {@code lastTransitionTime} moves only when its
 * status changes) and {@code observedGeneration}. Each method starts from the current status, so
 * what earlier steps wrote (the Job's name, its start time) stays.
 */
final class BackupStatuses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupStatuses() {}

  /** Accepted but waiting, for the reason given (such as another backup using the target). */
  static Neo4jBackupStatus waiting(
      Neo4jBackup backup, BackupConditionReason reason, String message, Instant now) {
    Neo4jBackupStatus status = copy(backup);
    status.setPhase(BackupPhase.Pending);
    condition(status, BackupConditionType.Complete, ConditionStatus.False, reason, message, now);
    return status;
  }

  /**
   * The Job {@code jobName} runs the backup, since {@code startTime}; {@code stuck} says what keeps
   * its pod from running the backup, if anything.
   */
  static Neo4jBackupStatus running(
      Neo4jBackup backup, String jobName, Instant startTime, Optional<String> stuck, Instant now) {
    Neo4jBackupStatus status = copy(backup);
    status.setPhase(BackupPhase.Running);
    status.setJobName(jobName);
    if (status.getStartTime() == null) {
      status.setStartTime(timestamp(startTime));
    }
    condition(
        status,
        BackupConditionType.Complete,
        ConditionStatus.False,
        BackupConditionReason.Running,
        stuck
            .map(why -> "The backup Job " + jobName + " has started, but " + why + ".")
            .orElse("The backup Job " + jobName + " is running."),
        now);
    return status;
  }

  /** The engine took the backup {@code result} describes; the Job finished at {@code end}. */
  static Neo4jBackupStatus succeeded(
      Neo4jBackup backup, EngineResult.Succeeded result, Instant end, Instant now) {
    Neo4jBackupStatus status = copy(backup);
    status.setPhase(BackupPhase.Succeeded);
    status.setCompletionTime(timestamp(end));
    status.setMode(result.mode());
    status.setMember(result.member());
    status.setStoreId(result.storeId());
    status.setFirstTransactionId(result.firstTransactionId());
    status.setLastTransactionId(result.lastTransactionId());
    status.setBytesTransferred(result.bytes());
    status.setDuration(format(took(status, end, result.duration())));
    status.setVerification(result.verification());
    boolean objectStore =
        backup.getSpec() != null
            && backup.getSpec().getTarget() != null
            && backup.getSpec().getTarget().getObjectStore() != null;
    if (objectStore && result.target() != null) {
      // The engine names the chain: a full backup starts a new one below the prefix.
      status.setObjectStoreUri(result.target());
    }
    RecoveryWindow window = result.window();
    if (window != null) {
      status.setFirstRecoverableTxId(window.firstTxId());
      status.setFirstRecoverableTime(window.firstTime().toString());
      status.setLastRecoverableTxId(window.lastTxId());
      status.setLastRecoverableTime(window.lastTime().toString());
    }
    condition(
        status,
        BackupConditionType.Complete,
        ConditionStatus.True,
        BackupConditionReason.Succeeded,
        result.mode()
            + " backup of store "
            + result.storeId()
            + " from "
            + result.member()
            + ": transactions "
            + result.firstTransactionId()
            + " to "
            + result.lastTransactionId()
            + ", "
            + result.bytes()
            + " bytes received, in "
            + status.getDuration()
            + (status.getObjectStoreUri() == null ? "" : ", into " + status.getObjectStoreUri())
            + (window == null ? "" : "; its chain restores " + window.describe())
            + ".",
        now);
    if (result.drill() != null) {
      status.setDrill(drill(result.drill(), end));
    }
    if (result.phases() != null && !result.phases().isEmpty()) {
      status.setPhases(
          result.phases().stream()
              .map(
                  phase ->
                      new PhaseRecord(
                          phase.phase(), Math.round(phase.duration().toMillis() / 10.0) / 100.0))
              .toList());
    }
    verified(status, result, now);
    return status;
  }

  /**
   * The backup failed for {@code reason}, which {@code message} explains to a person; {@code
   * drilled} is what its restore drill found when the drill failed it, else null.
   */
  static Neo4jBackupStatus failed(
      Neo4jBackup backup, FailureReason reason, String message, DrillResult drilled, Instant now) {
    Neo4jBackupStatus status = copy(backup);
    status.setPhase(BackupPhase.Failed);
    status.setCompletionTime(timestamp(now));
    status.setFailureReason(reason);
    status.setFailureMessage(message);
    BackupConditionReason conditionReason = BackupConditionReason.of(reason);
    condition(
        status, BackupConditionType.Complete, ConditionStatus.False, conditionReason, message, now);
    condition(
        status, BackupConditionType.Failed, ConditionStatus.True, conditionReason, message, now);
    if (drilled != null) {
      status.setDrill(drill(drilled, now));
    }
    if (drilled != null && !drilled.passed()) {
      condition(
          status,
          BackupConditionType.Verified,
          ConditionStatus.False,
          BackupConditionReason.DrillFailed,
          message,
          now);
    } else if (reason == FailureReason.VerificationFailed) {
      status.setVerification(VerificationResult.Failed);
      condition(
          status,
          BackupConditionType.Verified,
          ConditionStatus.False,
          conditionReason,
          message,
          now);
    }
    return status;
  }

  /**
   * The Verified condition of a backup that succeeded: True when every check asked for passed
   * (reason DrillPassed when a drill was asked for, else ConsistencyPassed), absent when none was.
   */
  private static void verified(
      Neo4jBackupStatus status, EngineResult.Succeeded result, Instant now) {
    boolean consistency = result.verification() == VerificationResult.Passed;
    DrillResult drill = result.drill();
    if (drill == null && !consistency) {
      return;
    }
    String checker =
        result.verificationSummary() == null
            ? "The consistency checker found the backup consistent."
            : result.verificationSummary();
    if (drill == null) {
      condition(
          status,
          BackupConditionType.Verified,
          ConditionStatus.True,
          BackupConditionReason.ConsistencyPassed,
          checker,
          now);
      return;
    }
    String drilled =
        "The restore drill's query "
            + drill.query()
            + " answered "
            + drill.actual()
            + " on "
            + drill.database()
            + " at transaction "
            + drill.lastTxId()
            + ", as expected.";
    condition(
        status,
        BackupConditionType.Verified,
        drill.passed() ? ConditionStatus.True : ConditionStatus.False,
        drill.passed() ? BackupConditionReason.DrillPassed : BackupConditionReason.DrillFailed,
        drill.passed()
            ? (consistency ? checker + (checker.endsWith(".") ? " " : ". ") : "") + drilled
            : ResultLine.drillFailure(drill),
        now);
  }

  /** What a drill found, for the status; {@code time} is when its Job finished. */
  static DrillStatus drill(DrillResult drilled, Instant time) {
    DrillStatus drill = new DrillStatus();
    drill.setQuery(drilled.query());
    drill.setExpected(drilled.expected());
    drill.setActual(drilled.actual());
    drill.setPassed(drilled.passed());
    drill.setLastTxId(drilled.lastTxId());
    drill.setLastCommitTime(
        drilled.lastCommitTime() == null ? null : drilled.lastCommitTime().toString());
    drill.setTime(timestamp(time));
    return drill;
  }

  /** The current status, with {@code observedGeneration} brought up to date. */
  static Neo4jBackupStatus observed(Neo4jBackup backup) {
    return copy(backup);
  }

  /** Whether the backup has finished, one way or the other: it never runs again. */
  static boolean finished(Neo4jBackup backup) {
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().getPhase();
    return phase == BackupPhase.Succeeded || phase == BackupPhase.Failed;
  }

  /** Whether the operator has created the backup's Job (the status names it). */
  static boolean started(Neo4jBackup backup) {
    return backup.getStatus() != null && backup.getStatus().getJobName() != null;
  }

  /** {@code duration} as Kubernetes prints one: {@code 45s}, {@code 4m12s}, {@code 1h0m5s}. */
  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      return hours + "h" + minutes + "m" + rest + "s";
    }
    return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
  }

  /** From the Job's start to {@code end}; the engine's own measure when the start is unknown. */
  static Duration took(Neo4jBackupStatus status, Instant end, Duration engine) {
    if (status.getStartTime() == null) {
      return engine;
    }
    Duration job = Duration.between(Instant.parse(status.getStartTime()), end);
    return job.compareTo(engine) >= 0 ? job : engine;
  }

  private static void condition(
      Neo4jBackupStatus status,
      BackupConditionType type,
      ConditionStatus value,
      BackupConditionReason reason,
      String message,
      Instant now) {
    BackupCondition condition = new BackupCondition();
    condition.setType(type);
    condition.setStatus(value);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(status.getObservedGeneration());
    status.setConditions(Conditions.BACKUP.set(status.getConditions(), condition, now));
  }

  /** A deep copy of the current status, observing the current generation. */
  private static Neo4jBackupStatus copy(Neo4jBackup backup) {
    Neo4jBackupStatus status =
        backup.getStatus() == null
            ? new Neo4jBackupStatus()
            : JSON.convertValue(JSON.valueToTree(backup.getStatus()), Neo4jBackupStatus.class);
    status.setObservedGeneration(backup.getMetadata().getGeneration());
    return status;
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

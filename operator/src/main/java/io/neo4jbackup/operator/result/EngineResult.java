package io.neo4jbackup.operator.result;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.PhaseTime;
import io.neo4jbackup.contract.RecoveryWindow;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What one run of the backup engine reported: a backup it took, or why it failed. */
public sealed interface EngineResult {

  /**
   * A backup the engine completed and published. {@code clusterName} is null when the server
   * reported none, {@code verificationSummary} when verification was not asked for, {@code window}
   * (the points the backup's chain restores after it) when the chain was begun by an engine before
   * point-in-time restore; {@code drill} (what the restore drill found) when no drill was asked
   * for.
   */
  record Succeeded(
      BackupMode mode,
      String target,
      String database,
      String storeId,
      String member,
      String clusterName,
      long firstTransactionId,
      long lastTransactionId,
      long bytes,
      int files,
      Duration duration,
      VerificationResult verification,
      String verificationSummary,
      RecoveryWindow window,
      DrillResult drill,
      List<PhaseTime> phases)
      implements EngineResult {}

  /**
   * A backup that failed, with one of the fixed reasons and a message a person can act on; {@code
   * drilled} is what its restore drill found when the drill is what failed it, else null.
   */
  record Failed(FailureReason reason, String message, DrillResult drilled) implements EngineResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    /** A failure that is not a failed drill. */
    public Failed(FailureReason reason, String message) {
      this(reason, message, null);
    }
  }
}

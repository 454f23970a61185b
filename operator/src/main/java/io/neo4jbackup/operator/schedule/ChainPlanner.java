package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Chooses where the next run writes and whether it is a full or an incremental backup. A chain is
 * one directory below the template's target path holding one full backup, then incrementals; a new
 * chain starts (with a full backup) when the current one holds {@code backupsPerChain} successful
 * backups, or when the last backup failed because the chain cannot continue (the server pruned the
 * logs it needs, holds another store, or its history diverged) and the template allows a new full
 * backup ({@code fallbackToFull}). A chain whose full backup failed receives the next full backup.
 */
public final class ChainPlanner {

  /**
   * Failures after which an incremental can never succeed in the current chain. The transient ones
   * (Unreachable, ServerBusy, DatabaseUnavailable, MemberBehind, TargetBusy) leave the chain as it
   * is: the next run continues it.
   */
  private static final Set<FailureReason> CHAIN_BROKEN =
      Set.of(FailureReason.LogsPruned, FailureReason.OtherStore, FailureReason.Diverged);

  private ChainPlanner() {}

  /**
   * The backup to take next.
   *
   * @param chainPath its directory inside the claim
   * @param newChain whether it starts a new chain (a new directory)
   * @param mode Full or Incremental
   * @param why for a new chain, why it starts one
   */
  public record NextBackup(String chainPath, boolean newChain, BackupMode mode, String why) {}

  /**
   * @param chains the chains on the volume, oldest first (deleted ones excluded)
   * @param lastFailed the most recent failed backup, if any
   * @param lastSucceeded the most recent successful backup, if any
   */
  public static NextBackup next(
      List<ChainRecord> chains,
      BackupRecord lastSucceeded,
      BackupRecord lastFailed,
      int backupsPerChain,
      boolean newChainWhenBroken,
      String targetPath,
      Instant tick) {
    String newPath = ScheduleNames.chainPath(targetPath, tick);
    if (chains.isEmpty()) {
      return new NextBackup(newPath, true, BackupMode.Full, "the schedule has no chain yet");
    }
    ChainRecord current = chains.get(chains.size() - 1);
    int successes = current.getSuccessfulBackups() == null ? 0 : current.getSuccessfulBackups();
    if (successes >= backupsPerChain) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "chain " + current.getPath() + " holds " + successes + " backups (backupsPerChain)");
    }
    if (brokenByLastFailure(current, lastSucceeded, lastFailed) && newChainWhenBroken) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "the last backup into chain "
              + current.getPath()
              + " failed with "
              + lastFailed.getFailureReason()
              + " and fallbackToFull allows a new full backup");
    }
    return new NextBackup(
        current.getPath(), false, successes == 0 ? BackupMode.Full : BackupMode.Incremental, null);
  }

  private static boolean brokenByLastFailure(
      ChainRecord current, BackupRecord lastSucceeded, BackupRecord lastFailed) {
    if (lastFailed == null
        || !CHAIN_BROKEN.contains(lastFailed.getFailureReason())
        || !current.getPath().equals(lastFailed.getChainPath())) {
      return false;
    }
    return lastSucceeded == null
        || lastSucceeded.getScheduledTime() == null
        || lastFailed.getScheduledTime() == null
        || Instant.parse(lastFailed.getScheduledTime())
            .isAfter(Instant.parse(lastSucceeded.getScheduledTime()));
  }
}

package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.DatabaseName;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.TargetDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses where the next run writes, whether it is a full or an incremental backup, and the lowest
 * transaction a new chain may start from. A chain is one directory below the template's target path
 * holding one full backup, then incrementals. A new chain starts (with a full backup) when the
 * current one was written for another claim, path or database than the template names now, holds
 * {@code backupsPerChain} successful backups, failed verification at its last run, or failed
 * because it cannot continue (the server pruned the logs it needs, holds another store, or its
 * history diverged) and the template allows a new full backup ({@code fallbackToFull}), or when a
 * Neo4jRestore replaced the database since the chain started ({@link #RESTORED_AT}). A chain whose
 * full backup failed otherwise receives the next full backup. Transient failures leave the chain as
 * it is.
 *
 * <p>While the history is continuous, a new chain's full backup may not come from a member behind
 * the previous chain: it carries the previous chain's last transaction as its floor. After a fork
 * (OtherStore, Diverged) or for another database, there is none.
 */
public final class ChainPlanner {

  /** Failures after which an incremental can never succeed in the current chain. */
  private static final Set<FailureReason> CHAIN_BROKEN =
      Set.of(FailureReason.LogsPruned, FailureReason.OtherStore, FailureReason.Diverged);

  /** Failures that say the server's history is not the chain's: no floor for the next chain. */
  private static final Set<FailureReason> HISTORY_FORKED =
      Set.of(FailureReason.OtherStore, FailureReason.Diverged);

  /**
   * The annotation a Neo4jRestore sets on the schedules of the Neo4j whose database it replaced:
   * when (RFC 3339). A chain started before it is not continued: the database's history after a
   * restore is not the chain's (a restore to an earlier point forks it).
   */
  public static final String RESTORED_AT = "neo4jbackup.io/database-restored-at";

  private ChainPlanner() {}

  /**
   * What the template asks to back up, and where: its claim, target path and database; for an
   * object store, its bucket (claim null) and prefix as the path (empty for the bucket's root).
   */
  public record Template(String claimName, String bucket, String path, String database) {

    /** A template that writes into a claim. */
    public Template(String claimName, String path, String database) {
      this(claimName, null, path, database);
    }
  }

  /**
   * The backup to take next.
   *
   * @param chainPath its directory inside the claim
   * @param newChain whether it starts a new chain (a new directory)
   * @param mode Full or Incremental
   * @param why for a new chain, why it starts one
   * @param minTransactionId for a full backup, the lowest transaction it may start from (null for
   *     none)
   */
  public record NextBackup(
      String chainPath, boolean newChain, BackupMode mode, String why, Long minTransactionId) {}

  /**
   * @param chains the chains on the volume, oldest first (deleted ones excluded)
   * @param lastSucceeded the most recent successful backup, if any
   * @param lastFailed the most recent failed backup, if any
   * @param fallbackToFull whether the template allows a new chain when one cannot continue
   */
  public static NextBackup next(
      List<ChainRecord> chains,
      BackupRecord lastSucceeded,
      BackupRecord lastFailed,
      int backupsPerChain,
      boolean fallbackToFull,
      Template template,
      Instant tick) {
    return next(
        chains, lastSucceeded, lastFailed, backupsPerChain, fallbackToFull, template, tick, null);
  }

  /**
   * As above, when the database was restored at {@code restoredAt} (null: never): a chain started
   * before that is not continued, and the new one has no floor.
   */
  public static NextBackup next(
      List<ChainRecord> chains,
      BackupRecord lastSucceeded,
      BackupRecord lastFailed,
      int backupsPerChain,
      boolean fallbackToFull,
      Template template,
      Instant tick,
      Instant restoredAt) {
    String newPath = ScheduleNames.chainPath(template.path(), tick);
    if (chains.isEmpty()) {
      return new NextBackup(newPath, true, BackupMode.Full, "the schedule has no chain yet", null);
    }
    ChainRecord current = chains.get(chains.size() - 1);
    Long floor = floorAfter(current);
    Optional<String> changed = templateChange(current, template);
    if (changed.isPresent()) {
      boolean sameDatabase =
          current.getDatabase() == null
              || current.getDatabase().equals(DatabaseName.lowerCase(template.database()));
      return new NextBackup(
          newPath, true, BackupMode.Full, changed.get(), sameDatabase ? floor : null);
    }
    if (restoredAt != null
        && (current.getStartTime() == null
            || Instant.parse(current.getStartTime()).isBefore(restoredAt))) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "Neo4j's database was restored at "
              + restoredAt
              + " (a Neo4jRestore): its history after that is not chain "
              + current.getPath()
              + "'s",
          null);
    }
    int successes = current.getSuccessfulBackups() == null ? 0 : current.getSuccessfulBackups();
    if (successes >= backupsPerChain) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "chain " + current.getPath() + " holds " + successes + " backups (backupsPerChain)",
          floor);
    }
    Optional<FailureReason> broken = lastFailure(current, lastSucceeded, lastFailed);
    if (broken.isPresent() && broken.get() == FailureReason.VerificationFailed) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "the last backup into chain "
              + current.getPath()
              + " failed verification: the chain is not continued",
          floor);
    }
    if (broken.isPresent() && CHAIN_BROKEN.contains(broken.get()) && fallbackToFull) {
      return new NextBackup(
          newPath,
          true,
          BackupMode.Full,
          "the last backup into chain "
              + current.getPath()
              + " failed with "
              + broken.get()
              + " and fallbackToFull allows a new full backup",
          HISTORY_FORKED.contains(broken.get()) ? null : floor);
    }
    return successes == 0
        ? new NextBackup(
            current.getPath(), false, BackupMode.Full, null, current.getMinTransactionId())
        : new NextBackup(current.getPath(), false, BackupMode.Incremental, null, null);
  }

  /** The floor of the chain after {@code current}: its last transaction, or its own floor. */
  private static Long floorAfter(ChainRecord current) {
    return current.getLastTransactionId() != null
        ? current.getLastTransactionId()
        : current.getMinTransactionId();
  }

  /**
   * How the template differs from what {@code current} was written for, if it does: its claim, its
   * target path (the chain's parent directory, every spelling of it the same) or its database
   * (compared as Neo4j compares names). A chain recorded without a database is not compared on it.
   */
  private static Optional<String> templateChange(ChainRecord current, Template template) {
    if (current.getClaimName() != null && !current.getClaimName().equals(template.claimName())) {
      return Optional.of(
          "the template's target claim changed from "
              + current.getClaimName()
              + " to "
              + (template.claimName() == null
                  ? "an object store (bucket " + template.bucket() + ")"
                  : template.claimName()));
    }
    if (current.getBucket() != null && !current.getBucket().equals(template.bucket())) {
      return Optional.of(
          "the template's target bucket changed from "
              + current.getBucket()
              + " to "
              + (template.bucket() == null ? "claim " + template.claimName() : template.bucket()));
    }
    String parent = parent(current.getPath());
    if (!sameDirectory(parent, template.path())) {
      return Optional.of(
          "the template's target path changed from '" + parent + "' to '" + template.path() + "'");
    }
    String database = DatabaseName.lowerCase(template.database());
    if (current.getDatabase() != null && !current.getDatabase().equals(database)) {
      return Optional.of(
          "the template's database changed from " + current.getDatabase() + " to " + database);
    }
    return Optional.empty();
  }

  private static String parent(String chainPath) {
    int slash = chainPath.lastIndexOf('/');
    return slash < 0 ? "" : chainPath.substring(0, slash);
  }

  private static boolean sameDirectory(String a, String b) {
    try {
      return TargetDirectory.inContainer(a).equals(TargetDirectory.inContainer(b));
    } catch (InvalidSpecException e) {
      return Objects.equals(a, b);
    }
  }

  /** The failure of the last backup into {@code current}, when no success came after it. */
  private static Optional<FailureReason> lastFailure(
      ChainRecord current, BackupRecord lastSucceeded, BackupRecord lastFailed) {
    if (lastFailed == null
        || lastFailed.getFailureReason() == null
        || !current.getPath().equals(lastFailed.getChainPath())) {
      return Optional.empty();
    }
    boolean newer =
        lastSucceeded == null
            || lastSucceeded.getScheduledTime() == null
            || lastFailed.getScheduledTime() == null
            || Instant.parse(lastFailed.getScheduledTime())
                .isAfter(Instant.parse(lastSucceeded.getScheduledTime()));
    return newer ? Optional.of(lastFailed.getFailureReason()) : Optional.empty();
  }
}

package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the chains retention deletes: those beyond the {@code keepChains} newest, but only when
 * older than the newest chain that holds a successful backup (so a restorable backup always
 * remains), never a chain in use (a backup, scheduled or not, or a pod writing into its directory,
 * a directory inside it or one containing it), never a directory not named like a chain, and after
 * a failed deletion not before its retry time.
 */
public final class RetentionPlanner {

  private RetentionPlanner() {}

  /** A chain to delete and why, for status and events. */
  public record Deletion(ChainRecord chain, String reason) {}

  /**
   * @param chains the chains on the volume, oldest first
   * @param keepChains how many of the newest to keep; null keeps all
   * @param inUse the targets of unfinished backups and of pods still writing, in the namespace
   * @param now the time, against the chains' retry times
   */
  public static List<Deletion> choose(
      List<ChainRecord> chains, Integer keepChains, Collection<TargetPath> inUse, Instant now) {
    List<Deletion> deletions = new ArrayList<>();
    if (keepChains == null) {
      return deletions;
    }
    int newestSuccessful = -1;
    for (int i = chains.size() - 1; i >= 0; i--) {
      Integer successes = chains.get(i).getSuccessfulBackups();
      if (successes != null && successes > 0) {
        newestSuccessful = i;
        break;
      }
    }
    int firstKept = Math.max(0, chains.size() - keepChains);
    for (int i = 0; i < Math.min(firstKept, newestSuccessful); i++) {
      ChainRecord chain = chains.get(i);
      Optional<TargetPath> directory = directory(chain);
      if (directory.isEmpty()
          || inUse.stream().anyMatch(directory.get()::overlaps)
          || notYet(chain, now)) {
        continue;
      }
      deletions.add(
          new Deletion(
              chain,
              "older than the "
                  + keepChains
                  + " newest chain(s) kept (retention.keepChains), and chain "
                  + chains.get(newestSuccessful).getPath()
                  + " holds a newer successful backup"));
    }
    return deletions;
  }

  /** The chain's directory, if it is one retention may delete: named like a chain. */
  static Optional<TargetPath> directory(ChainRecord chain) {
    if (chain.getClaimName() == null || !ScheduleNames.isChainPath(chain.getPath())) {
      return Optional.empty();
    }
    try {
      return Optional.of(TargetPath.of(chain.getClaimName(), chain.getPath()));
    } catch (InvalidSpecException e) {
      return Optional.empty();
    }
  }

  private static boolean notYet(ChainRecord chain, Instant now) {
    return chain.getDeletionRetryTime() != null
        && Instant.parse(chain.getDeletionRetryTime()).isAfter(now);
  }
}

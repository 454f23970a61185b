package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the chains retention deletes: those beyond the {@code keepChains} newest, but only when
 * older than the newest chain that holds a successful backup (so a restorable backup always
 * remains), and never a chain a running backup writes into.
 */
public final class RetentionPlanner {

  private RetentionPlanner() {}

  /** A chain to delete and why, for status and events. */
  public record Deletion(ChainRecord chain, String reason) {}

  /**
   * @param chains the chains on the volume, oldest first
   * @param keepChains how many of the newest to keep; null keeps all
   * @param inUse directories that running backups write into
   */
  public static List<Deletion> choose(
      List<ChainRecord> chains, Integer keepChains, Set<String> inUse) {
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
      if (!inUse.contains(chain.getPath())) {
        deletions.add(
            new Deletion(
                chain,
                "older than the "
                    + keepChains
                    + " newest chain(s) kept (retention.keepChains), and chain "
                    + chains.get(newestSuccessful).getPath()
                    + " holds a newer successful backup"));
      }
    }
    return deletions;
  }
}

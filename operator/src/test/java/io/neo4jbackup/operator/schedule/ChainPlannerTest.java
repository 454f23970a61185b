package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainPlannerTest {

  private static final Instant TICK = Instant.parse("2026-01-10T02:30:00Z");
  private static final String CURRENT = "neo4j/prod/chain-20260105T023000Z";
  private static final String NEW = "neo4j/prod/chain-20260110T023000Z";

  @ParameterizedTest(
      name =
          "chain with {0} backups (per chain {1}), last failure {2} (newer: {3}), new chain"
              + " allowed {4}: {5} into {6}")
  @CsvSource(
      nullValues = "-",
      value = {
        // No chain yet: a full backup starts the first.
        "-, 7, -,          -,     false, Full,        NEW",
        // A full backup that failed is retried as a full backup in the same directory.
        "0, 7, -,          -,     false, Full,        CURRENT",
        // Incrementals until the chain holds backupsPerChain backups, then a new chain.
        "1, 7, -,          -,     false, Incremental, CURRENT",
        "6, 7, -,          -,     false, Incremental, CURRENT",
        "7, 7, -,          -,     false, Full,        NEW",
        "1, 1, -,          -,     false, Full,        NEW",
        // Pruned logs or another store: a new chain only when fallbackToFull allows it.
        "3, 7, LogsPruned, true,  true,  Full,        NEW",
        "3, 7, OtherStore, true,  true,  Full,        NEW",
        "3, 7, LogsPruned, true,  false, Incremental, CURRENT",
        "3, 7, Diverged,   true,  true,  Full,        NEW",
        "3, 7, Diverged,   true,  false, Incremental, CURRENT",
        // Transient failures, and any other: the chain carries on at the next run.
        "3, 7, Unreachable, true, true,  Incremental, CURRENT",
        "3, 7, ServerBusy, true,  true,  Incremental, CURRENT",
        "3, 7, DatabaseUnavailable, true, true, Incremental, CURRENT",
        "3, 7, MemberBehind, true, true, Incremental, CURRENT",
        "3, 7, TargetBusy, true,  true,  Incremental, CURRENT",
        // A success after the pruned-logs failure: the chain is fine again.
        "3, 7, LogsPruned, false, true,  Incremental, CURRENT",
      })
  void choosesTheChainAndTheMode(
      Integer successes,
      int perChain,
      FailureReason failure,
      Boolean failureIsNewer,
      boolean newChainAllowed,
      BackupMode mode,
      String where) {
    List<ChainRecord> chains = successes == null ? List.of() : List.of(chain(CURRENT, successes));
    BackupRecord succeeded = record("2026-01-09T02:30:00Z", null);
    BackupRecord failed =
        failure == null
            ? null
            : record(failureIsNewer ? "2026-01-09T12:30:00Z" : "2026-01-08T02:30:00Z", failure);

    ChainPlanner.NextBackup next =
        ChainPlanner.next(chains, succeeded, failed, perChain, newChainAllowed, "neo4j/prod", TICK);

    assertThat(next.mode()).isEqualTo(mode);
    assertThat(next.chainPath()).isEqualTo(where.equals("NEW") ? NEW : CURRENT);
    assertThat(next.newChain()).isEqualTo(where.equals("NEW"));
    if (next.newChain()) {
      assertThat(next.why()).isNotBlank();
    }
  }

  private static ChainRecord chain(String path, int successes) {
    ChainRecord chain = new ChainRecord();
    chain.setPath(path);
    chain.setStartTime("2026-01-05T02:30:00Z");
    chain.setSuccessfulBackups(successes);
    return chain;
  }

  private static BackupRecord record(String scheduled, FailureReason failure) {
    BackupRecord record = new BackupRecord();
    record.setScheduledTime(scheduled);
    record.setChainPath(CURRENT);
    record.setFailureReason(failure);
    return record;
  }
}

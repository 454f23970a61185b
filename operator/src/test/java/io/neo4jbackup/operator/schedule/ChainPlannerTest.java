package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.BackupRecord;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.operator.job.ScheduleNames;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainPlannerTest {

  private static final Instant TICK = Instant.parse("2026-01-10T02:30:00Z");
  private static final String CURRENT = "neo4j/prod/chain-20260105T023000Z";
  private static final String NEW = "neo4j/prod/chain-20260110T023000Z";
  private static final ChainPlanner.Template TEMPLATE =
      new ChainPlanner.Template("backups", "neo4j/prod", "neo4j");

  /** The current chain's last transaction, the floor of the chain after it. */
  private static final long LAST_TX = 4711;

  @ParameterizedTest(
      name =
          "chain with {0} backups (per chain {1}), last failure {2} (newer: {3}), fallbackToFull"
              + " {4}: {5} into {6}, floor {7}")
  @CsvSource(
      nullValues = "-",
      value = {
        // No chain yet: a full backup starts the first, from any member.
        "-, 7, -,          -,     false, Full,        NEW,     -",
        // A full backup that failed is retried as a full backup in the same directory.
        "0, 7, -,          -,     false, Full,        CURRENT, -",
        // Incrementals until the chain holds backupsPerChain backups, then a new chain that
        // starts no lower than the chain before it.
        "1, 7, -,          -,     false, Incremental, CURRENT, -",
        "6, 7, -,          -,     false, Incremental, CURRENT, -",
        "7, 7, -,          -,     false, Full,        NEW,     LAST",
        "1, 1, -,          -,     false, Full,        NEW,     LAST",
        // Pruned logs: a new chain only when fallbackToFull allows it, the history continuous.
        "3, 7, LogsPruned, true,  true,  Full,        NEW,     LAST",
        "3, 7, LogsPruned, true,  false, Incremental, CURRENT, -",
        // Another store or a diverged history: the history forked, so no floor.
        "3, 7, OtherStore, true,  true,  Full,        NEW,     -",
        "3, 7, Diverged,   true,  true,  Full,        NEW,     -",
        "3, 7, Diverged,   true,  false, Incremental, CURRENT, -",
        // A failed verification breaks the chain whatever fallbackToFull says.
        "3, 7, VerificationFailed, true, false, Full, NEW,     LAST",
        "3, 7, VerificationFailed, true, true,  Full, NEW,     LAST",
        "0, 7, VerificationFailed, true, false, Full, NEW,     -",
        // Transient failures, and any other: the chain carries on at the next run.
        "3, 7, Unreachable, true, true,  Incremental, CURRENT, -",
        "3, 7, ServerBusy, true,  true,  Incremental, CURRENT, -",
        "3, 7, DatabaseUnavailable, true, true, Incremental, CURRENT, -",
        "3, 7, MemberBehind, true, true, Incremental, CURRENT, -",
        "3, 7, TargetBusy, true,  true,  Incremental, CURRENT, -",
        // A success after the failure: the chain is fine again.
        "3, 7, LogsPruned, false, true,  Incremental, CURRENT, -",
        "3, 7, VerificationFailed, false, false, Incremental, CURRENT, -",
      })
  void choosesTheChainTheModeAndTheFloor(
      Integer successes,
      int perChain,
      FailureReason failure,
      Boolean failureIsNewer,
      boolean fallbackToFull,
      BackupMode mode,
      String where,
      String floor) {
    List<ChainRecord> chains =
        successes == null ? List.of() : List.of(chain(CURRENT, successes, "neo4j"));
    BackupRecord succeeded = record("2026-01-09T02:30:00Z", null);
    BackupRecord failed =
        failure == null
            ? null
            : record(failureIsNewer ? "2026-01-09T12:30:00Z" : "2026-01-08T02:30:00Z", failure);

    ChainPlanner.NextBackup next =
        ChainPlanner.next(chains, succeeded, failed, perChain, fallbackToFull, TEMPLATE, TICK);

    assertThat(next.mode()).isEqualTo(mode);
    assertThat(next.chainPath()).isEqualTo(where.equals("NEW") ? NEW : CURRENT);
    assertThat(next.newChain()).isEqualTo(where.equals("NEW"));
    assertThat(next.minTransactionId()).isEqualTo(floor == null ? null : LAST_TX);
    if (next.newChain()) {
      assertThat(next.why()).isNotBlank();
    }
  }

  @ParameterizedTest(name = "template {0}, {1}, {2}: {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # claim  | path        | database | why a new chain starts, or - when the chain continues
          backups  | neo4j/prod  | neo4j    | -
          backups  | /neo4j/prod | NEO4J    | -
          backups  | neo4j/prod  | -        | -
          archive  | neo4j/prod  | neo4j    | the template's target claim changed from backups to archive
          backups  | neo4j/other | neo4j    | the template's target path changed from 'neo4j/prod' to 'neo4j/other'
          backups  | neo4j/prod  | Sales    | the template's database changed from neo4j to sales
          """)
  void aTemplateWrittenForAnotherClaimPathOrDatabaseStartsANewChain(
      String claim, String path, String database, String why) {
    List<ChainRecord> chains = List.of(chain(CURRENT, 3, "neo4j"));
    var template = new ChainPlanner.Template(claim, path, database);

    ChainPlanner.NextBackup next = ChainPlanner.next(chains, null, null, 7, false, template, TICK);

    if (why == null) {
      assertThat(next.newChain()).isFalse();
      assertThat(next.mode()).isEqualTo(BackupMode.Incremental);
    } else {
      assertThat(next.newChain()).isTrue();
      assertThat(next.mode()).isEqualTo(BackupMode.Full);
      assertThat(next.chainPath()).isEqualTo(ScheduleNames.chainPath(path, TICK));
      assertThat(next.why()).isEqualTo(why);
      // The same database continues its history, floor and all; another one has its own.
      assertThat(next.minTransactionId()).isEqualTo(database.equals("Sales") ? null : LAST_TX);
    }
  }

  @Test
  void aRestoreOfTheDatabaseAfterTheChainStartedStartsANewChainWithoutAFloor() {
    List<ChainRecord> chains = List.of(chain(CURRENT, 3, "neo4j"));
    Instant restored = Instant.parse("2026-01-07T10:00:00Z");

    ChainPlanner.NextBackup next =
        ChainPlanner.next(chains, null, null, 7, false, TEMPLATE, TICK, restored);

    assertThat(next.newChain()).isTrue();
    assertThat(next.chainPath()).isEqualTo(NEW);
    assertThat(next.mode()).isEqualTo(BackupMode.Full);
    assertThat(next.minTransactionId())
        .as("a restore to an earlier point forks the history: the old chain's end is no floor")
        .isNull();
    assertThat(next.why())
        .isEqualTo(
            "Neo4j's database was restored at 2026-01-07T10:00:00Z (a Neo4jRestore): its history"
                + " after that is not chain "
                + CURRENT
                + "'s");

    ChainPlanner.NextBackup later =
        ChainPlanner.next(
            chains, null, null, 7, false, TEMPLATE, TICK, Instant.parse("2026-01-04T10:00:00Z"));
    assertThat(later.newChain()).as("a chain started after the restore continues").isFalse();
  }

  @Test
  void aChainRecordedWithoutItsDatabaseIsNotComparedOnIt() {
    List<ChainRecord> chains = List.of(chain(CURRENT, 3, null));

    ChainPlanner.NextBackup next =
        ChainPlanner.next(
            chains,
            null,
            null,
            7,
            false,
            new ChainPlanner.Template("backups", "neo4j/prod", "x1y"),
            TICK);

    assertThat(next.newChain()).isFalse();
  }

  @Test
  void aChainWithoutASuccessfulBackupPassesItsOwnFloorOnAndRetriesItsFullBackupFromIt() {
    ChainRecord current = chain(CURRENT, 0, "neo4j");
    current.setLastTransactionId(null);
    current.setMinTransactionId(100L);

    ChainPlanner.NextBackup retry =
        ChainPlanner.next(List.of(current), null, null, 7, false, TEMPLATE, TICK);
    ChainPlanner.NextBackup elsewhere =
        ChainPlanner.next(
            List.of(current),
            null,
            null,
            7,
            false,
            new ChainPlanner.Template("backups", "neo4j/other", "neo4j"),
            TICK);

    assertThat(retry.chainPath()).isEqualTo(CURRENT);
    assertThat(retry.mode()).isEqualTo(BackupMode.Full);
    assertThat(retry.minTransactionId()).isEqualTo(100L);
    assertThat(elsewhere.newChain()).isTrue();
    assertThat(elsewhere.minTransactionId()).isEqualTo(100L);
  }

  private static ChainRecord chain(String path, int successes, String database) {
    ChainRecord chain = new ChainRecord();
    chain.setPath(path);
    chain.setClaimName("backups");
    chain.setDatabase(database);
    chain.setStartTime("2026-01-05T02:30:00Z");
    chain.setSuccessfulBackups(successes);
    if (successes > 0) {
      chain.setLastTransactionId(LAST_TX);
    }
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

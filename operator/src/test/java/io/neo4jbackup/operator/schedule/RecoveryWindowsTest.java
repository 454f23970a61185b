package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.RecoveryWindowStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a chain and a whole schedule can restore, from the windows the backups reported. */
class RecoveryWindowsTest {

  @Test
  void aChainRestoresWhatItsNewestSuccessfulBackupReported() {
    ChainRecord chain = new ChainRecord();
    RecoveryWindows.record(
        chain, backup(100, "2026-01-05T01:30:00.123Z", 100, "2026-01-05T01:30:00.123Z"));

    RecoveryWindows.record(
        chain, backup(100, "2026-01-05T01:30:00.123Z", 180, "2026-01-06T01:29:58Z"));

    assertThat(chain.getFirstRecoverableTxId()).isEqualTo(100);
    assertThat(chain.getFirstRecoverableTime()).isEqualTo("2026-01-05T01:30:00.123Z");
    assertThat(chain.getLastRecoverableTxId()).isEqualTo(180);
    assertThat(chain.getLastRecoverableTime()).isEqualTo("2026-01-06T01:29:58Z");
  }

  @Test
  void aBackupThatReportedNoWindowLeavesItsChainWithoutOneRatherThanAStaleOne() {
    ChainRecord chain = new ChainRecord();
    RecoveryWindows.record(chain, backup(100, "2026-01-05T01:30:00Z", 180, "2026-01-06T01:30:00Z"));

    RecoveryWindows.record(chain, new Neo4jBackupStatus());

    assertThat(chain.getFirstRecoverableTxId()).isNull();
    assertThat(chain.getFirstRecoverableTime()).isNull();
    assertThat(chain.getLastRecoverableTxId()).isNull();
    assertThat(chain.getLastRecoverableTime()).isNull();
  }

  @Test
  void theSchedulesWindowRunsFromTheOldestChainsFirstPointToTheNewestChainsLast() {
    List<ChainRecord> chains =
        List.of(
            chain(100, "2026-01-05T01:30:00.123Z", 180, "2026-01-11T01:29:58Z"),
            chain(185, "2026-01-12T01:30:01Z", 260, "2026-01-18T01:30:00Z"),
            chain(262, "2026-01-19T01:30:02Z", 262, "2026-01-19T01:30:02Z"));

    RecoveryWindowStatus window = RecoveryWindows.across(chains);

    assertThat(window.getFirstRecoverableTxId()).isEqualTo(100);
    assertThat(window.getFirstRecoverableTime()).isEqualTo("2026-01-05T01:30:00.123Z");
    assertThat(window.getLastRecoverableTxId()).isEqualTo(262);
    assertThat(window.getLastRecoverableTime()).isEqualTo("2026-01-19T01:30:02Z");
    assertThat(window.getChains()).isEqualTo(3);
  }

  @Test
  void chainsRetentionDeletesAndChainsWithoutAWindowAreNotPartOfIt() {
    ChainRecord deleting = chain(100, "2026-01-05T01:30:00Z", 180, "2026-01-11T01:30:00Z");
    deleting.setDeletionReason("older than the 1 newest chain(s) kept (retention.keepChains)");
    ChainRecord old = new ChainRecord();
    old.setLastTransactionId(250L);
    ChainRecord newest = chain(262, "2026-01-19T01:30:02Z", 300, "2026-01-20T01:30:00Z");
    ChainRecord started = new ChainRecord();

    RecoveryWindowStatus window = RecoveryWindows.across(List.of(deleting, old, newest, started));

    assertThat(window.getFirstRecoverableTxId()).isEqualTo(262);
    assertThat(window.getLastRecoverableTxId()).isEqualTo(300);
    assertThat(window.getChains()).isEqualTo(1);
  }

  @Test
  void withoutAChainThatReportsAWindowTheScheduleHasNone() {
    ChainRecord old = new ChainRecord();
    old.setLastTransactionId(250L);

    assertThat(RecoveryWindows.across(List.of(old))).isNull();
    assertThat(RecoveryWindows.across(List.of())).isNull();
  }

  private static Neo4jBackupStatus backup(
      long firstTx, String firstTime, long lastTx, String lastTime) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setFirstRecoverableTxId(firstTx);
    status.setFirstRecoverableTime(firstTime);
    status.setLastRecoverableTxId(lastTx);
    status.setLastRecoverableTime(lastTime);
    return status;
  }

  private static ChainRecord chain(long firstTx, String firstTime, long lastTx, String lastTime) {
    ChainRecord chain = new ChainRecord();
    RecoveryWindows.record(chain, backup(firstTx, firstTime, lastTx, lastTime));
    return chain;
  }
}

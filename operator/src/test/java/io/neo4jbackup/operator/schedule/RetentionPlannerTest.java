package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionPlannerTest {

  private static final Instant NOW = Instant.parse("2026-01-20T02:30:00Z");

  /** Chains a, b, c, d in claim {@code backups}, below {@code neo4j/prod}. */
  private static String path(String chain) {
    return "neo4j/prod/chain-2026010" + (chain.charAt(0) - 'a' + 1) + "T023000Z";
  }

  /** Chains are written oldest first as their successful backup counts, {@code a:2 b:0 c:1}. */
  @ParameterizedTest(name = "chains [{0}], keep {1}: delete [{2}]")
  @CsvSource(
      nullValues = "-",
      value = {
        // Without retention nothing is deleted.
        "a:3 b:3 c:1,    -, ''",
        // The newest chains are kept, the older ones deleted.
        "a:3 b:3 c:1,    1, a b",
        "a:3 b:3 c:1,    2, a",
        "a:3 b:3 c:1,    3, ''",
        "a:3 b:3 c:1,    9, ''",
        // The newest chain has no successful backup yet: the newest successful one stays.
        "a:3 b:3 c:0,    1, a",
        "a:3 b:0 c:0,    1, ''",
        "a:0 b:0 c:0,    1, ''",
      })
  void choosesOnlyOldChainsThatAreSafeToDelete(String chains, Integer keep, String expected) {
    List<ChainRecord> records = chains(chains);

    List<RetentionPlanner.Deletion> deletions =
        RetentionPlanner.choose(records, keepChains(keep), List.of(), NOW);

    assertThat(names(deletions)).isEqualTo(expected);
    assertThat(deletions).allSatisfy(d -> assertThat(d.reason()).contains("keepChains"));
    assertThat(Arrays.asList(expected.split(" "))).as("the newest chain").doesNotContain("c");
  }

  /**
   * Chains a, b and c hold backups and only c is kept: a and b would go, unless a backup (scheduled
   * or not) or a pod writes into a directory that is one of theirs, lies inside it, or contains it.
   */
  @ParameterizedTest(name = "in use: {0} -> delete [{1}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # target in use (claim:/backup/path)                      | deleted
          backups:/backup/neo4j/prod/chain-20260101T023000Z          | b
          backups:/backup/neo4j/prod/chain-20260102T023000Z          | a
          backups:/backup/neo4j/prod/chain-20260101T023000Z/inner    | b
          backups:/backup/neo4j/prod                                 | ''
          backups:/backup/neo4j                                      | ''
          backups:/backup/neo4j/prod/chain-20260101T023000Z-copy     | a b
          backups:/backup/neo4j/test                                 | a b
          other:/backup/neo4j/prod/chain-20260101T023000Z            | a b
          """)
  void neverDeletesAChainABackupOrAPodWritesIntoOrAroundOrInside(String inUse, String expected) {
    List<RetentionPlanner.Deletion> deletions =
        RetentionPlanner.choose(
            chains("a:3 b:3 c:1"),
            keepChains(1),
            List.of(TargetPath.parse(inUse).orElseThrow()),
            NOW);

    assertThat(names(deletions)).isEqualTo(expected);
  }

  @Test
  void aChainWhoseDeletionFailedWaitsForItsRetryTime() {
    List<ChainRecord> records = chains("a:3 b:3 c:1");
    records.get(0).setDeletionRetryTime(NOW.plusSeconds(60).toString());
    records.get(1).setDeletionRetryTime(NOW.minusSeconds(1).toString());

    assertThat(names(RetentionPlanner.choose(records, keepChains(1), List.of(), NOW)))
        .isEqualTo("b");
    assertThat(
            names(RetentionPlanner.choose(records, keepChains(1), List.of(), NOW.plusSeconds(59))))
        .isEqualTo("b");
    assertThat(
            names(RetentionPlanner.choose(records, keepChains(1), List.of(), NOW.plusSeconds(60))))
        .isEqualTo("a b");
  }

  @Test
  void onlyDirectoriesNamedLikeAChainAreEverDeleted() {
    List<ChainRecord> records = chains("a:3 b:3 c:1");
    records.get(0).setPath("neo4j/prod");
    records.get(1).setPath("neo4j/prod/chain-20260102T023000Z/..");

    assertThat(RetentionPlanner.choose(records, keepChains(1), List.of(), NOW)).isEmpty();
  }

  /**
   * Chains a to d each hold a successful backup, their last restore points 40, 20, 10 and 1 day(s)
   * before now: {@code keepWithin} deletes those whose last point is older than it allows, never
   * the newest chain, however old.
   */
  @ParameterizedTest(name = "keepWithin {0}: delete [{1}]")
  @CsvSource({
    "60d,   ''",
    "30d,   a",
    "15d,   a b",
    "20d,   a",
    "1d12h, a b c",
    "90m,   a b c",
  })
  void keepWithinDeletesChainsWhoseLastRestorePointIsOlderButNeverTheNewest(
      String keepWithin, String expected) {
    List<RetentionPlanner.Deletion> deletions =
        RetentionPlanner.choose(
            aged("a:40d b:20d c:10d d:1d"), keepWithin(keepWithin), List.of(), NOW);

    assertThat(names(deletions)).isEqualTo(expected);
    assertThat(deletions)
        .allSatisfy(d -> assertThat(d.reason()).contains("older than " + keepWithin))
        .allSatisfy(d -> assertThat(d.reason()).contains("(retention.keepWithin)"))
        .allSatisfy(d -> assertThat(d.reason()).doesNotContain("keepChains"));
  }

  @Test
  void keepWithinKeepsAChainWhoseWindowReachesIntoItEvenIfItBeganBefore() {
    List<ChainRecord> records = aged("a:40d b:20d c:1d");
    // b's window runs from 25 days ago to 20 days ago: with 21 days kept, its end is inside.
    records.get(1).setFirstRecoverableTime(NOW.minus(Duration.ofDays(25)).toString());

    assertThat(names(RetentionPlanner.choose(records, keepWithin("21d"), List.of(), NOW)))
        .isEqualTo("a");
  }

  @Test
  void theNewestChainWithASuccessfulBackupStaysHoweverOldAndSoDoTheNewerOnes() {
    List<ChainRecord> records = aged("a:400d b:300d c:200d");
    // c's full backup has failed so far: b holds the newest restorable backup.
    records.get(2).setSuccessfulBackups(0);

    assertThat(names(RetentionPlanner.choose(records, keepWithin("1d"), List.of(), NOW)))
        .isEqualTo("a");
  }

  /**
   * A chain is kept while either rule keeps it: {@code keepChains} the newest ones by count, {@code
   * keepWithin} those with a restore point recent enough; it goes only when both let it.
   */
  @ParameterizedTest(name = "keepChains {0}, keepWithin {1}: delete [{2}]")
  @CsvSource({
    "1, 15d, a b",
    "2, 15d, a b",
    "3, 15d, a",
    "1, 30d, a",
    "3, 60d, ''",
    "4, 5d,  ''",
  })
  void aChainIsKeptWhileAnyRuleKeepsIt(int keepChains, String keepWithin, String expected) {
    RetentionPlanner.Rules rules =
        new RetentionPlanner.Rules(keepChains, Durations.parse(keepWithin).get(), keepWithin);

    List<RetentionPlanner.Deletion> deletions =
        RetentionPlanner.choose(aged("a:40d b:20d c:10d d:1d"), rules, List.of(), NOW);

    assertThat(names(deletions)).isEqualTo(expected);
    assertThat(deletions)
        .allSatisfy(d -> assertThat(d.reason()).contains("keepChains", "keepWithin"));
  }

  @Test
  void withoutAWindowAChainEndsAtItsLastSuccessfulBackupOrWhereItStarted() {
    List<ChainRecord> records = aged("a:40d b:40d c:40d d:1d");
    for (ChainRecord chain : records.subList(0, 3)) {
      chain.setFirstRecoverableTxId(null);
      chain.setFirstRecoverableTime(null);
      chain.setLastRecoverableTxId(null);
      chain.setLastRecoverableTime(null);
    }
    // a: begun before point-in-time restore, its last backup 40 days ago.
    records.get(0).setLastSuccessfulTime(NOW.minus(Duration.ofDays(40)).toString());
    // b: its last backup 2 days ago (the database idle or not, the backup is recent).
    records.get(1).setLastSuccessfulTime(NOW.minus(Duration.ofDays(2)).toString());
    // c: no backup ever succeeded in it, started 40 days ago.
    records.get(2).setSuccessfulBackups(0);
    records.get(2).setStartTime(NOW.minus(Duration.ofDays(40)).toString());

    List<RetentionPlanner.Deletion> deletions =
        RetentionPlanner.choose(records, keepWithin("30d"), List.of(), NOW);

    assertThat(names(deletions)).isEqualTo("a c");
    assertThat(deletions.get(0).reason())
        .startsWith(
            "its last successful backup (completed "
                + NOW.minus(Duration.ofDays(40))
                + ") is older than 30d (retention.keepWithin), and chain "
                + path("d")
                + " holds a newer successful backup");
    assertThat(deletions.get(1).reason())
        .startsWith("it holds no successful backup, and its start (");
  }

  @Test
  void aChainWithNoTimeToJudgeItByIsKeptByKeepWithin() {
    List<ChainRecord> records = chains("a:3 b:1");

    assertThat(RetentionPlanner.choose(records, keepWithin("1d"), List.of(), NOW)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"30d, PT720H", "12h, PT12H", "90m, PT1H30M", "1d12h, PT36H", "2h30m15s, PT2H30M15S"})
  void keepWithinIsReadAsDaysHoursMinutesAndSeconds(String text, Duration expected) {
    RetentionPolicy policy = new RetentionPolicy();
    policy.setKeepWithin(text);

    assertThat(RetentionPlanner.Rules.of(policy).keepWithin()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"30", "4w", "1.5d", "12h1d", "P30D", "", "30 d"})
  void aKeepWithinThatIsNoDurationIsRefusedNamingTheField(String text) {
    RetentionPolicy policy = new RetentionPolicy();
    policy.setKeepWithin(text);

    assertThatThrownBy(() -> RetentionPlanner.Rules.of(policy))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.reason()).isEqualTo(ScheduleConditionReason.InvalidRetention))
        .hasMessageStartingWith("spec.retention.keepWithin: '" + text + "' is not a duration")
        .hasMessageContaining("30d, 12h, 1d12h or 90m");
  }

  @Test
  void aKeepWithinOfZeroIsRefusedRatherThanDeletingAllButTheNewestChain() {
    RetentionPolicy policy = new RetentionPolicy();
    policy.setKeepWithin("0d0h");

    assertThatThrownBy(() -> RetentionPlanner.Rules.of(policy))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("spec.retention.keepWithin: '0d0h' keeps no restore point");
  }

  private static RetentionPlanner.Rules keepChains(Integer keep) {
    return new RetentionPlanner.Rules(keep, null, null);
  }

  private static RetentionPlanner.Rules keepWithin(String text) {
    RetentionPolicy policy = new RetentionPolicy();
    policy.setKeepWithin(text);
    return RetentionPlanner.Rules.of(policy);
  }

  /**
   * Chains written oldest first as how long ago their last restore point committed, {@code a:40d
   * b:1d}; each holds one successful backup and a window of two days.
   */
  private static List<ChainRecord> aged(String chains) {
    List<ChainRecord> records = new ArrayList<>();
    for (String chain : chains.trim().split("\\s+")) {
      String[] parts = chain.split(":");
      Instant last = NOW.minus(Durations.parse(parts[1]).get());
      ChainRecord record = new ChainRecord();
      record.setPath(path(parts[0]));
      record.setClaimName("backups");
      record.setSuccessfulBackups(1);
      record.setStartTime(last.minus(Duration.ofDays(2)).toString());
      record.setFirstRecoverableTxId(100L);
      record.setFirstRecoverableTime(last.minus(Duration.ofDays(2)).toString());
      record.setLastRecoverableTxId(200L);
      record.setLastRecoverableTime(last.toString());
      records.add(record);
    }
    return records;
  }

  private static List<ChainRecord> chains(String chains) {
    List<ChainRecord> records = new ArrayList<>();
    for (String chain : chains.trim().split("\\s+")) {
      String[] parts = chain.split(":");
      ChainRecord record = new ChainRecord();
      record.setPath(path(parts[0]));
      record.setClaimName("backups");
      record.setSuccessfulBackups(Integer.parseInt(parts[1]));
      records.add(record);
    }
    return records;
  }

  private static String names(List<RetentionPlanner.Deletion> deletions) {
    return deletions.stream()
        .map(d -> d.chain().getPath())
        .map(path -> String.valueOf((char) ('a' + path.charAt(path.indexOf("chain-") + 13) - '1')))
        .collect(Collectors.joining(" "));
  }
}

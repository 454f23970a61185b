package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.operator.job.TargetPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        RetentionPlanner.choose(records, keep, List.of(), NOW);

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
            chains("a:3 b:3 c:1"), 1, List.of(TargetPath.parse(inUse).orElseThrow()), NOW);

    assertThat(names(deletions)).isEqualTo(expected);
  }

  @Test
  void aChainWhoseDeletionFailedWaitsForItsRetryTime() {
    List<ChainRecord> records = chains("a:3 b:3 c:1");
    records.get(0).setDeletionRetryTime(NOW.plusSeconds(60).toString());
    records.get(1).setDeletionRetryTime(NOW.minusSeconds(1).toString());

    assertThat(names(RetentionPlanner.choose(records, 1, List.of(), NOW))).isEqualTo("b");
    assertThat(names(RetentionPlanner.choose(records, 1, List.of(), NOW.plusSeconds(59))))
        .isEqualTo("b");
    assertThat(names(RetentionPlanner.choose(records, 1, List.of(), NOW.plusSeconds(60))))
        .isEqualTo("a b");
  }

  @Test
  void onlyDirectoriesNamedLikeAChainAreEverDeleted() {
    List<ChainRecord> records = chains("a:3 b:3 c:1");
    records.get(0).setPath("neo4j/prod");
    records.get(1).setPath("neo4j/prod/chain-20260102T023000Z/..");

    assertThat(RetentionPlanner.choose(records, 1, List.of(), NOW)).isEmpty();
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

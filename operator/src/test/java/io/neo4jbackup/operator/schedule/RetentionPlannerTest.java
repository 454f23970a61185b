package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.ChainRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPlannerTest {

  /**
   * Chains are written oldest first as their successful backup counts, {@code a:2 b:0 c:1}; a chain
   * marked {@code *} is in use by a running backup.
   */
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
        // A chain a running backup uses is never deleted.
        "a:3* b:3 c:1,   1, b",
        "a:3 b:3* c:1,   1, a",
      })
  void choosesOnlyOldChainsThatAreSafeToDelete(String chains, Integer keep, String expected) {
    List<ChainRecord> records = new ArrayList<>();
    Set<String> inUse = new java.util.HashSet<>();
    for (String chain : chains.trim().split("\\s+")) {
      String[] parts = chain.split(":");
      ChainRecord record = new ChainRecord();
      record.setPath(parts[0]);
      record.setSuccessfulBackups(Integer.parseInt(parts[1].replace("*", "")));
      if (parts[1].endsWith("*")) {
        inUse.add(parts[0]);
      }
      records.add(record);
    }

    List<RetentionPlanner.Deletion> deletions = RetentionPlanner.choose(records, keep, inUse);

    assertThat(deletions.stream().map(d -> d.chain().getPath()).collect(Collectors.joining(" ")))
        .isEqualTo(expected);
    assertThat(deletions).allSatisfy(d -> assertThat(d.reason()).contains("keepChains"));
    assertThat(Arrays.asList(expected.split(" ")))
        .doesNotContain(records.get(records.size() - 1).getPath());
  }
}

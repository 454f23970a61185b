package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleNamesTest {

  private static final String LONGEST = "s".repeat(52);

  @Test
  void backupsAreNamedAfterTheScheduleAndTheTickInMinutes() {
    Instant tick = Instant.parse("2026-01-10T02:30:00Z");
    assertThat(ScheduleNames.backup("nightly", tick)).isEqualTo("nightly-29466870");
    assertThat(ScheduleNames.backup("nightly", tick.plusSeconds(60))).isEqualTo("nightly-29466871");
  }

  @Test
  void theLongestScheduleNameLeavesValidNamesUntil2160() {
    Instant late = Instant.parse("2159-12-31T23:59:00Z");
    assertThat(ScheduleNames.backup(LONGEST, late)).hasSizeLessThanOrEqualTo(63);
    assertThat(ScheduleNames.retentionJob(LONGEST, late)).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void chainsAreDirectoriesBelowTheTargetNamedAfterTheirFirstTickInUtc() {
    Instant tick = Instant.parse("2026-01-10T02:30:00Z");
    assertThat(ScheduleNames.chainPath("neo4j/prod", tick))
        .isEqualTo("neo4j/prod/chain-20260110T023000Z");
    assertThat(ScheduleNames.chainPath("/neo4j/prod/", tick))
        .isEqualTo("/neo4j/prod/chain-20260110T023000Z");
  }
}

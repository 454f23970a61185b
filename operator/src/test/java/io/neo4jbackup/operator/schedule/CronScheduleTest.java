package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

  /** The ticks in (from, to], computed by stepping {@link CronSchedule#next}. */
  private static List<Instant> ticks(CronSchedule cron, String from, String to) {
    List<Instant> ticks = new ArrayList<>();
    Instant end = Instant.parse(to);
    for (Instant t = cron.next(Instant.parse(from)).orElseThrow();
        !t.isAfter(end);
        t = cron.next(t).orElseThrow()) {
      ticks.add(t);
    }
    return ticks;
  }

  @ParameterizedTest(name = "{0} in {1}: the tick after {2} is {3}")
  @CsvSource({
    "30 2 * * *,   UTC,           2026-01-10T00:00:00Z, 2026-01-10T02:30:00Z",
    "30 2 * * *,   ,              2026-01-10T02:30:00Z, 2026-01-11T02:30:00Z",
    "30 2 * * *,   Europe/Berlin, 2026-01-10T00:00:00Z, 2026-01-10T01:30:00Z",
    "30 2 * * *,   Europe/Berlin, 2026-07-10T00:00:00Z, 2026-07-10T00:30:00Z",
    "@daily,       UTC,           2026-01-10T12:00:00Z, 2026-01-11T00:00:00Z",
    "@midnight,    Asia/Tokyo,    2026-01-10T12:00:00Z, 2026-01-10T15:00:00Z",
    "@hourly,      UTC,           2026-01-10T12:00:01Z, 2026-01-10T13:00:00Z",
    "@weekly,      UTC,           2026-01-10T12:00:00Z, 2026-01-11T00:00:00Z",
    "@monthly,     UTC,           2026-01-10T12:00:00Z, 2026-02-01T00:00:00Z",
    "@yearly,      UTC,           2026-01-10T12:00:00Z, 2027-01-01T00:00:00Z",
    "*/15 * * * *, UTC,           2026-01-10T12:07:00Z, 2026-01-10T12:15:00Z",
    "0 3 * * 1-5,  UTC,           2026-01-10T12:00:00Z, 2026-01-12T03:00:00Z",
    "0 3 * * 7,    UTC,           2026-01-10T12:00:00Z, 2026-01-11T03:00:00Z",
    "0 3 * * SUN,  UTC,           2026-01-10T12:00:00Z, 2026-01-11T03:00:00Z",
    "0 0 31 * *,   UTC,           2026-02-01T00:00:00Z, 2026-03-31T00:00:00Z",
  })
  void nextTick(String expression, String zone, String after, String expected) {
    assertThat(CronSchedule.parse(expression, zone).next(Instant.parse(after)))
        .contains(Instant.parse(expected));
  }

  @Test
  void springForwardRunsADailyTickInTheSkippedHourOnceWhenTheGapEnds() {
    // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST, so 02:30 does not exist that day;
    // the run happens at 03:00 CEST (01:00Z) instead of being skipped.
    CronSchedule cron = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    assertThat(ticks(cron, "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z"))
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"),
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-30T00:30:00Z"));
  }

  @Test
  void springForwardRunsSeveralTicksInTheSkippedHourOnce() {
    CronSchedule cron = CronSchedule.parse("*/20 * * * *", "Europe/Berlin");
    assertThat(ticks(cron, "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z"))
        .containsExactly(
            Instant.parse("2026-03-29T00:40:00Z"),
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-29T01:20:00Z"));
  }

  @Test
  void fallBackRunsADailyTickInTheRepeatedHourOnce() {
    // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    CronSchedule cron = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    assertThat(ticks(cron, "2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z"))
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"),
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void hourlyTicksFollowRealTimeAcrossBothChanges() {
    CronSchedule cron = CronSchedule.parse("0 * * * *", "America/New_York");
    // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
    assertThat(ticks(cron, "2026-03-08T05:30:00Z", "2026-03-08T08:30:00Z"))
        .containsExactly(
            Instant.parse("2026-03-08T06:00:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"),
            Instant.parse("2026-03-08T08:00:00Z"));
    assertThat(ticks(cron, "2026-11-01T04:30:00Z", "2026-11-01T07:30:00Z"))
        .containsExactly(
            Instant.parse("2026-11-01T05:00:00Z"),
            Instant.parse("2026-11-01T06:00:00Z"),
            Instant.parse("2026-11-01T07:00:00Z"));
  }

  @ParameterizedTest(name = "latest tick at or before {1} is {2}")
  @CsvSource({
    "30 2 * * *, 2026-01-10T02:30:00Z, 2026-01-10T02:30:00Z",
    "30 2 * * *, 2026-01-10T02:29:59Z, 2026-01-09T02:30:00Z",
    "30 2 * * *, 2026-01-10T02:30:30Z, 2026-01-10T02:30:00Z",
    "*/5 * * * *, 2026-01-10T12:07:00Z, 2026-01-10T12:05:00Z",
  })
  void latestTick(String expression, String at, String expected) {
    assertThat(CronSchedule.parse(expression, "UTC").latestAtOrBefore(Instant.parse(at)))
        .contains(Instant.parse(expected));
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "61 * * * *          | not a valid cron expression",
        "* 24 * * *          | not a valid cron expression",
        "* * * * * *         | not a valid cron expression",
        "0 0 * *             | not a valid cron expression",
        "0 0 1 * 1           | restricts both the day of the month and the day of the week",
        "0 0 ? * *           | not a valid cron expression",
        "@every 5m           | unknown macro",
        "@reboot             | unknown macro",
        "TZ=UTC 0 0 * * *    | set the time zone in spec.timeZone",
        "hello               | not a valid cron expression",
      })
  void invalidExpressionsAreRefusedNamingTheField(String expression, String problem) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC"))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.reason()).isEqualTo(ScheduleConditionReason.InvalidSchedule))
        .hasMessageContaining("spec.schedule '" + expression + "'")
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource({"Mars/Olympus", "CEST", "Europe/Atlantis"})
  void unknownTimeZonesAreRefused(String zone) {
    assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *", zone))
        .isInstanceOfSatisfying(
            InvalidScheduleException.class,
            e -> assertThat(e.reason()).isEqualTo(ScheduleConditionReason.InvalidTimeZone))
        .hasMessageContaining("spec.timeZone '" + zone + "'");
  }
}

package io.neo4jbackup.operator.schedule;

import static io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy.Forbid;
import static io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy.Replace;
import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunPlannerTest {

  private static final CronSchedule HOURLY = CronSchedule.parse("0 * * * *", "UTC");

  private static RunPlan plan(
      String handledThrough,
      String now,
      Long deadline,
      boolean suspended,
      ConcurrencyPolicy policy,
      boolean running) {
    return RunPlanner.plan(
        new RunPlanner.Input(
            HOURLY,
            Instant.parse(now),
            Instant.parse(handledThrough),
            suspended,
            deadline,
            policy,
            running));
  }

  private static Optional<Instant> at(String time) {
    return time == null ? Optional.empty() : Optional.of(Instant.parse(time));
  }

  @ParameterizedTest(
      name = "handled through {0}, now {1}, deadline {2}s: start {3}, missed {4} (latest {5})")
  @CsvSource(
      nullValues = "-",
      value = {
        // Before the tick: nothing to do, wait for it.
        "2026-01-10T10:00:00Z, 2026-01-10T10:59:59Z, -,    -,                    0, -",
        // At the tick, and a little after it (the reconcile ran late).
        "2026-01-10T10:00:00Z, 2026-01-10T11:00:00Z, -,    2026-01-10T11:00:00Z, 0, -",
        "2026-01-10T10:00:00Z, 2026-01-10T11:00:05Z, 60,   2026-01-10T11:00:00Z, 0, -",
        // Operator down for three ticks: only the latest starts, the two before are missed.
        "2026-01-10T10:00:00Z, 2026-01-10T13:10:00Z, -,    2026-01-10T13:00:00Z, 2, 2026-01-10T12:00:00Z",
        "2026-01-10T10:00:00Z, 2026-01-10T13:10:00Z, 900,  2026-01-10T13:00:00Z, 2, 2026-01-10T12:00:00Z",
        // The latest is past the deadline too: nothing starts, all three are missed.
        "2026-01-10T10:00:00Z, 2026-01-10T13:10:00Z, 300,  -,                    3, 2026-01-10T13:00:00Z",
        // Exactly at the deadline still starts.
        "2026-01-10T10:00:00Z, 2026-01-10T11:05:00Z, 300,  2026-01-10T11:00:00Z, 0, -",
        "2026-01-10T10:00:00Z, 2026-01-10T11:05:01Z, 300,  -,                    1, 2026-01-10T11:00:00Z",
        // A week of downtime: still one run.
        "2026-01-03T10:00:00Z, 2026-01-10T10:30:00Z, -,    2026-01-10T10:00:00Z, 167, 2026-01-10T09:00:00Z",
      })
  void downtimeStartsAtMostTheLatestTickAndOnlyWithinTheDeadline(
      String handledThrough,
      String now,
      Long deadline,
      String start,
      long missed,
      String lastMissed) {
    RunPlan plan = plan(handledThrough, now, deadline, false, Forbid, false);
    assertThat(plan.start()).isEqualTo(at(start));
    assertThat(plan.missed()).isEqualTo(missed);
    assertThat(plan.missedAtLeast()).isFalse();
    assertThat(plan.lastMissed()).isEqualTo(at(lastMissed));
    assertThat(plan.skipped()).isEmpty();
    assertThat(plan.replace()).isEmpty();
  }

  @Test
  void whateverHappenedTheNextTickIsTheFirstAfterNow() {
    assertThat(plan("2026-01-10T10:00:00Z", "2026-01-10T13:10:00Z", 300L, false, Forbid, false))
        .satisfies(p -> assertThat(p.next()).isEqualTo(at("2026-01-10T14:00:00Z")))
        .satisfies(p -> assertThat(p.handledThrough()).isEqualTo(at("2026-01-10T13:00:00Z").get()));
    assertThat(plan("2026-01-10T10:00:00Z", "2026-01-10T10:30:00Z", null, false, Forbid, false))
        .satisfies(p -> assertThat(p.next()).isEqualTo(at("2026-01-10T11:00:00Z")))
        .satisfies(p -> assertThat(p.handledThrough()).isEqualTo(at("2026-01-10T10:00:00Z").get()));
  }

  @Test
  void aHandledTickIsNeverStartedTwice() {
    RunPlan first =
        plan("2026-01-10T10:00:00Z", "2026-01-10T11:00:01Z", null, false, Forbid, false);
    RunPlan again =
        plan(first.handledThrough().toString(), "2026-01-10T11:00:02Z", null, false, Forbid, false);
    assertThat(first.start()).isEqualTo(at("2026-01-10T11:00:00Z"));
    assertThat(again.start()).isEmpty();
    assertThat(again.missed()).isZero();
  }

  @Test
  void forbidSkipsAndRecordsTheTickWhileABackupRuns() {
    RunPlan plan = plan("2026-01-10T10:00:00Z", "2026-01-10T11:00:01Z", null, false, Forbid, true);
    assertThat(plan.start()).isEmpty();
    assertThat(plan.replace()).isEmpty();
    assertThat(plan.skipped()).isEqualTo(at("2026-01-10T11:00:00Z"));
    assertThat(plan.handledThrough()).isEqualTo(Instant.parse("2026-01-10T11:00:00Z"));
    assertThat(plan.missed()).isZero();
  }

  @Test
  void replaceCancelsTheRunningBackupAndKeepsTheTickDueUntilItIsGone() {
    RunPlan cancel =
        plan("2026-01-10T10:00:00Z", "2026-01-10T11:00:01Z", null, false, Replace, true);
    assertThat(cancel.start()).isEmpty();
    assertThat(cancel.replace()).isEqualTo(at("2026-01-10T11:00:00Z"));

    RunPlan stillRunning =
        plan(
            cancel.handledThrough().toString(), "2026-01-10T11:00:03Z", null, false, Replace, true);
    assertThat(stillRunning.replace()).isEqualTo(at("2026-01-10T11:00:00Z"));
    assertThat(stillRunning.missed()).isZero();

    RunPlan gone =
        plan(
            cancel.handledThrough().toString(),
            "2026-01-10T11:00:05Z",
            null,
            false,
            Replace,
            false);
    assertThat(gone.start()).isEqualTo(at("2026-01-10T11:00:00Z"));
    assertThat(gone.missed()).isZero();
  }

  @Test
  void replaceStillRespectsTheDeadline() {
    RunPlan plan = plan("2026-01-10T10:59:59Z", "2026-01-10T11:10:00Z", 60L, false, Replace, true);
    assertThat(plan.replace()).isEmpty();
    assertThat(plan.start()).isEmpty();
    assertThat(plan.missed()).isEqualTo(1);
  }

  @Test
  void suspendedNothingStartsNothingIsMissedAndNoNextTimeIsPlanned() {
    RunPlan plan = plan("2026-01-10T10:00:00Z", "2026-01-10T13:10:00Z", null, true, Forbid, false);
    assertThat(plan.start()).isEmpty();
    assertThat(plan.missed()).isZero();
    assertThat(plan.next()).isEmpty();
    // The ticks while suspended are handled: resuming does not fire them.
    assertThat(plan.handledThrough()).isEqualTo(Instant.parse("2026-01-10T13:10:00Z"));
    RunPlan resumed =
        plan(plan.handledThrough().toString(), "2026-01-10T13:20:00Z", null, false, Forbid, false);
    assertThat(resumed.start()).isEmpty();
    assertThat(resumed.next()).isEqualTo(at("2026-01-10T14:00:00Z"));
  }

  @Test
  void anEnormousBacklogIsCountedAsALowerBoundAndStillStartsOnlyTheLatest() {
    CronSchedule everyMinute = CronSchedule.parse("* * * * *", "UTC");
    RunPlan plan =
        RunPlanner.plan(
            new RunPlanner.Input(
                everyMinute,
                Instant.parse("2026-03-01T00:00:30Z"),
                Instant.parse("2026-01-01T00:00:00Z"),
                false,
                null,
                Forbid,
                false));
    assertThat(plan.start()).isEqualTo(at("2026-03-01T00:00:00Z"));
    assertThat(plan.missedAtLeast()).isTrue();
    assertThat(plan.missed()).isGreaterThanOrEqualTo(RunPlanner.MAX_COUNTED_TICKS);
    assertThat(plan.lastMissed()).isEqualTo(at("2026-02-28T23:59:00Z"));
  }

  @Test
  void daylightSavingDaysRunADailyScheduleExactlyOnceEach() {
    // Five days around each change of 2026 in Berlin: five runs, none skipped, none doubled.
    assertThat(dailyRunsInBerlin("2026-03-27T12:00:00Z", "2026-04-01T12:00:00Z")).hasSize(5);
    assertThat(dailyRunsInBerlin("2026-10-23T12:00:00Z", "2026-10-28T12:00:00Z"))
        .hasSize(5)
        .contains(Instant.parse("2026-10-25T00:30:00Z"));
  }

  /** The runs started by a reconciliation every half hour from {@code from} to {@code to}. */
  private static List<Instant> dailyRunsInBerlin(String from, String to) {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    Instant handled = Instant.parse(from);
    List<Instant> started = new ArrayList<>();
    for (Instant now = handled; now.isBefore(Instant.parse(to)); now = now.plusSeconds(1800)) {
      RunPlan plan =
          RunPlanner.plan(new RunPlanner.Input(daily, now, handled, false, 3600L, Forbid, false));
      assertThat(plan.missed()).isZero();
      plan.start().ifPresent(started::add);
      handled = plan.handledThrough();
    }
    return started;
  }
}

package io.neo4jbackup.operator.schedule;

import io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from the clock and what the schedule has already handled, whether a run is due. Pure:
 * the time is an argument, so tests step through days of ticks without waiting.
 *
 * <ul>
 *   <li>Only the latest due tick may start; older due ticks are missed (no backlog after downtime).
 *   <li>A tick later than {@code startingDeadlineSeconds} is missed, not run.
 *   <li>While a backup of the schedule runs, Forbid skips the tick; Replace cancels the running
 *       backup and starts the tick once it is gone. Two backups never run at once.
 *   <li>Suspended, nothing is due and nothing is missed.
 * </ul>
 */
public final class RunPlanner {

  /** How many overdue ticks are counted one by one; beyond it the count is a lower bound. */
  static final int MAX_COUNTED_TICKS = 10_000;

  private RunPlanner() {}

  /** What the schedule knows when it plans. */
  public record Input(
      CronSchedule cron,
      Instant now,
      Instant handledThrough,
      boolean suspended,
      Long startingDeadlineSeconds,
      ConcurrencyPolicy concurrencyPolicy,
      boolean backupRunning) {}

  public static RunPlan plan(Input in) {
    if (in.suspended()) {
      return new RunPlan(
          latest(in.handledThrough(), in.now()),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          false,
          Optional.empty(),
          Optional.empty());
    }
    Overdue overdue = overdue(in.cron(), in.handledThrough(), in.now());
    Optional<Instant> next = in.cron().next(latest(in.handledThrough(), in.now()));
    if (overdue.latest().isEmpty()) {
      return new RunPlan(
          in.handledThrough(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          0,
          false,
          Optional.empty(),
          next);
    }
    Instant tick = overdue.latest().get();
    long missed = overdue.count() - 1;
    Optional<Instant> lastMissed = overdue.beforeLatest();
    if (tooLate(tick, in)) {
      return new RunPlan(
          tick,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          missed + 1,
          overdue.atLeast(),
          Optional.of(tick),
          next);
    }
    if (in.backupRunning() && in.concurrencyPolicy() == ConcurrencyPolicy.Replace) {
      // The tick stays due: handled through just before it, it starts once the old backup is gone.
      return new RunPlan(
          latest(in.handledThrough(), tick.minusSeconds(1)),
          Optional.empty(),
          Optional.of(tick),
          Optional.empty(),
          missed,
          overdue.atLeast(),
          lastMissed,
          Optional.of(tick));
    }
    if (in.backupRunning()) {
      return new RunPlan(
          tick,
          Optional.empty(),
          Optional.empty(),
          Optional.of(tick),
          missed,
          overdue.atLeast(),
          lastMissed,
          next);
    }
    return new RunPlan(
        tick,
        Optional.of(tick),
        Optional.empty(),
        Optional.empty(),
        missed,
        overdue.atLeast(),
        lastMissed,
        next);
  }

  private static boolean tooLate(Instant tick, Input in) {
    return in.startingDeadlineSeconds() != null
        && Duration.between(tick, in.now()).getSeconds() > in.startingDeadlineSeconds();
  }

  /** The ticks in (handledThrough, now]: how many, the latest, and the one before it. */
  private record Overdue(
      long count, boolean atLeast, Optional<Instant> latest, Optional<Instant> beforeLatest) {}

  private static Overdue overdue(CronSchedule cron, Instant handledThrough, Instant now) {
    long count = 0;
    Instant previous = null;
    Instant latest = null;
    for (Optional<Instant> tick = cron.next(handledThrough);
        tick.isPresent() && !tick.get().isAfter(now);
        tick = cron.next(tick.get())) {
      if (++count > MAX_COUNTED_TICKS) {
        // A backlog this long is not walked tick by tick: jump to the latest tick.
        Optional<Instant> last = cron.latestAtOrBefore(now);
        Optional<Instant> beforeLast = last.flatMap(t -> cron.latestAtOrBefore(t.minusSeconds(1)));
        return new Overdue(count, true, last, beforeLast);
      }
      previous = latest;
      latest = tick.get();
    }
    return new Overdue(count, false, Optional.ofNullable(latest), Optional.ofNullable(previous));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

package io.neo4jbackup.operator.schedule;

import static com.cronutils.model.field.CronFieldName.DAY_OF_MONTH;
import static com.cronutils.model.field.CronFieldName.DAY_OF_WEEK;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Optional;

/**
 * A schedule's cron expression read in its time zone: standard five-field Unix cron (minute hour
 * day-of-month month day-of-week) or one of its macros, parsed and evaluated by cron-utils. Ticks
 * are instants: across daylight-saving changes a local time that does not exist fires once when the
 * gap ends, and one that exists twice fires once.
 */
public final class CronSchedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The macros of Unix cron, as the five fields they stand for. */
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /** How far ahead to look for a gap tick when the expression has no further regular tick. */
  private static final Duration MAX_GAP_SEARCH = Duration.ofDays(366 * 5);

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime executionTime;

  private CronSchedule(String expression, ZoneId zone, ExecutionTime executionTime) {
    this.expression = expression;
    this.zone = zone;
    this.executionTime = executionTime;
  }

  /**
   * Parses {@code expression} (spec.schedule) in {@code timeZone} (spec.timeZone, UTC when null).
   *
   * @throws InvalidScheduleException naming the problem: an invalid or ambiguous expression, an
   *     unknown time zone
   */
  public static CronSchedule parse(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    if (expression == null || expression.isBlank()) {
      throw invalid(expression, "it is empty");
    }
    String trimmed = expression.trim();
    if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
      throw invalid(expression, "set the time zone in spec.timeZone, not in the expression");
    }
    String fields = trimmed.startsWith("@") ? MACROS.get(trimmed) : trimmed;
    if (fields == null) {
      throw invalid(
          expression,
          "unknown macro; use one of "
              + String.join(", ", MACROS.keySet().stream().sorted().toList()));
    }
    Cron cron;
    try {
      cron = PARSER.parse(fields).validate();
    } catch (IllegalArgumentException e) {
      throw invalid(expression, e.getMessage());
    }
    if (!(cron.retrieve(DAY_OF_MONTH).getExpression() instanceof Always)
        && !(cron.retrieve(DAY_OF_WEEK).getExpression() instanceof Always)) {
      throw invalid(
          expression,
          "it restricts both the day of the month and the day of the week, which cron reads as"
              + " 'either one' (not 'both'); restrict only one of them and leave the other *");
    }
    return new CronSchedule(trimmed, zone, ExecutionTime.forCron(cron));
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new InvalidScheduleException(
          ScheduleConditionReason.InvalidTimeZone,
          "spec.timeZone '"
              + timeZone
              + "' is not a time zone this operator knows; use an IANA name such as"
              + " Europe/Berlin or UTC");
    }
  }

  private static InvalidScheduleException invalid(String expression, String problem) {
    return new InvalidScheduleException(
        ScheduleConditionReason.InvalidSchedule,
        "spec.schedule '"
            + expression
            + "' is not a valid cron expression: "
            + problem
            + " (expected five fields: minute hour day-of-month month day-of-week, or a macro"
            + " such as @daily)");
  }

  /**
   * The first tick strictly after {@code instant}, if the expression ever fires again. A tick whose
   * local time falls into a daylight-saving gap (02:30 on the night clocks jump from 02:00 to
   * 03:00) fires once, at the end of the gap, rather than being skipped for that day; a local time
   * that repeats when clocks go back fires once, at its first occurrence.
   */
  public Optional<Instant> next(Instant instant) {
    Optional<Instant> regular =
        executionTime
            .nextExecution(ZonedDateTime.ofInstant(instant, zone))
            .map(ZonedDateTime::toInstant)
            .filter(tick -> tick.isAfter(instant));
    Optional<Instant> inGap = firstGapTick(instant, regular.orElse(instant.plus(MAX_GAP_SEARCH)));
    if (inGap.isPresent() && (regular.isEmpty() || inGap.get().isBefore(regular.get()))) {
      return inGap;
    }
    return regular;
  }

  /**
   * The end of the first daylight-saving gap in (after, before) that holds a local time the
   * expression matches: cron-utils skips such times, cron runs them when the gap ends.
   */
  private Optional<Instant> firstGapTick(Instant after, Instant before) {
    ZoneRules rules = zone.getRules();
    for (ZoneOffsetTransition transition = rules.nextTransition(after);
        transition != null && transition.getInstant().isBefore(before);
        transition = rules.nextTransition(transition.getInstant())) {
      if (transition.isGap() && matchesWithin(transition)) {
        return Optional.of(transition.getInstant());
      }
    }
    return Optional.empty();
  }

  private boolean matchesWithin(ZoneOffsetTransition gap) {
    for (LocalDateTime local = gap.getDateTimeBefore();
        local.isBefore(gap.getDateTimeAfter());
        local = local.plusMinutes(1)) {
      // At the offset before the gap the skipped local time exists, so its fields can be matched.
      if (executionTime.isMatch(ZonedDateTime.of(local, gap.getOffsetBefore()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last tick at or before {@code instant}, if there was one (daylight-saving gaps aside: used
   * only to skip over a long backlog).
   */
  public Optional<Instant> latestAtOrBefore(Instant instant) {
    Instant minute = instant.truncatedTo(ChronoUnit.MINUTES);
    if (executionTime.isMatch(ZonedDateTime.ofInstant(minute, zone))) {
      return Optional.of(minute);
    }
    return executionTime
        .lastExecution(ZonedDateTime.ofInstant(minute, zone))
        .map(ZonedDateTime::toInstant)
        .filter(tick -> !tick.isAfter(instant));
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return expression + " in " + zone;
  }
}

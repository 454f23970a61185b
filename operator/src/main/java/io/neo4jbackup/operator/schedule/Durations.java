package io.neo4jbackup.operator.schedule;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as days, hours, minutes and seconds, in that order: a backup's {@code
 * status.duration} as the operator writes it ({@code 1h0m5s}, {@code 45s}) and a schedule's {@code
 * retention.keepWithin} ({@code 30d}, {@code 12h}, {@code 1d12h}, {@code 90m}).
 */
final class Durations {

  private static final Pattern FORMAT =
      Pattern.compile("(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

  private Durations() {}

  /** The duration {@code text} says, or empty for text in another format (or empty text). */
  static Optional<Duration> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.ofDays(part(m.group(1)))
            .plusHours(part(m.group(2)))
            .plusMinutes(part(m.group(3)))
            .plusSeconds(part(m.group(4))));
  }

  /** Seconds, or NaN for text in another format. */
  static double seconds(String duration) {
    return parse(duration).map(d -> (double) d.toSeconds()).orElse(Double.NaN);
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}

package io.neo4jbackup.operator.schedule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a backup's {@code status.duration} as the operator writes it: {@code 1h0m5s}, {@code 45s}.
 */
final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /** Seconds, or NaN for text in another format. */
  static double seconds(String duration) {
    Matcher m = FORMAT.matcher(duration);
    if (duration.isEmpty() || !m.matches()) {
      return Double.NaN;
    }
    return part(m.group(1)) * 3600 + part(m.group(2)) * 60 + part(m.group(3));
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}

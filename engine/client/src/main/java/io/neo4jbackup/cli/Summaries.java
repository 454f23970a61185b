package io.neo4jbackup.cli;

import io.neo4jbackup.client.BackupResult;
import java.util.Locale;

/** Human-readable lines about backups. */
final class Summaries {
  private Summaries() {}

  static String describe(BackupResult result) {
    double seconds = Math.max(result.duration().toMillis(), 1) / 1000.0;
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    Locale.ROOT,
                    "%s backup of database '%s' from %s into %s%n",
                    capitalized(result.mode()),
                    result.database(),
                    result.member(),
                    result.target()))
            .append(
                String.format(
                    Locale.ROOT,
                    "  store %s, cluster '%s', transactions %d to %d%n",
                    result.storeId(),
                    result.clusterName(),
                    result.firstTxId(),
                    result.lastTxId()))
            .append(
                String.format(
                    Locale.ROOT,
                    "  %d files, %s in %.1f s (%s/s)",
                    result.files(),
                    bytes(result.bytes()),
                    seconds,
                    bytes((long) (result.bytes() / seconds))));
    if (result.verified() != null) {
      text.append(
          String.format(Locale.ROOT, "%n  consistency check passed: %s", result.verification()));
    }
    return text.toString();
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String capitalized(String mode) {
    return mode.charAt(0) + mode.substring(1).toLowerCase(Locale.ROOT);
  }
}

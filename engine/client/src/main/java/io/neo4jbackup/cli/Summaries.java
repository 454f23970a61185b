package io.neo4jbackup.cli;

import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.MemberOutcome;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Human-readable lines about backups. */
final class Summaries {
  private Summaries() {}

  static String describe(BackupResult result) {
    double seconds = Math.max(result.duration().toMillis(), 1) / 1000.0;
    boolean incremental = result.mode() == BackupMode.INCREMENTAL;
    String range =
        result.firstTxId() > result.lastTxId()
            ? "no new transactions, up to date at transaction " + result.lastTxId()
            : "transactions " + result.firstTxId() + " to " + result.lastTxId();
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    Locale.ROOT,
                    "%s backup of database '%s' from %s into %s%n",
                    incremental ? "Incremental" : "Full",
                    result.database(),
                    result.member(),
                    result.target()))
            .append(
                String.format(
                    Locale.ROOT,
                    "  store %s, cluster '%s', %s%n",
                    result.storeId(),
                    result.clusterName(),
                    range))
            .append(
                String.format(
                    Locale.ROOT,
                    "  %d %s, %s received, %.1f s in all",
                    result.files(),
                    incremental ? "log segments" : "files",
                    bytes(result.bytes()),
                    seconds));
    if (result.members().size() > 1) {
      text.append(String.format(Locale.ROOT, "%n  members: %s", members(result.members())));
      result.members().stream()
          .filter(member -> member.reason() != null)
          .forEach(
              member ->
                  text.append(
                      String.format(
                          Locale.ROOT, "%n    %s: %s", member.member(), member.reason())));
    }
    if (result.verified() != null) {
      text.append(
          String.format(Locale.ROOT, "%n  consistency check passed: %s", result.verification()));
    }
    if (result.drill() != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "%n  restore drill passed: %s answered %s",
              result.drill().query(),
              result.drill().actual()));
    }
    if (result.phases() != null && !result.phases().isEmpty()) {
      text.append("\n  time: ")
          .append(
              result.phases().stream()
                  .map(
                      phase ->
                          String.format(
                              Locale.ROOT,
                              "%s %.2f s",
                              phase.phase(),
                              phase.duration().toNanos() / 1e9))
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    return text.toString();
  }

  /** "a:6362 used, b:6362 not needed, c:6362 failed (CONNECTION)". */
  static String members(List<MemberOutcome> members) {
    return members.stream()
        .map(
            member ->
                member.member()
                    + switch (member.outcome()) {
                      case USED -> " used";
                      case NOT_NEEDED -> " not needed";
                      case FAILED -> " failed (" + member.failure() + ")";
                    })
        .collect(Collectors.joining(", "));
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
}

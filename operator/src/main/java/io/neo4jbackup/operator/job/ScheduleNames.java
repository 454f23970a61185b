package io.neo4jbackup.operator.job;

import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The names a schedule gives what it creates, derived only from the schedule's name and a tick, so
 * that an operator restarted at any moment finds what it created instead of creating it again.
 */
public final class ScheduleNames {

  /** Label on a schedule's Neo4jBackups and retention Jobs: the schedule's name. */
  public static final String SCHEDULE_LABEL = Neo4jBackup.GROUP + "/schedule";

  /**
   * Annotation on a schedule's Neo4jBackups to an object store: the path of the chain they write
   * into ({@code ChainRecord.path}), which the backup's prefix does not name for a full backup (the
   * engine names the new chain).
   */
  public static final String CHAIN_ANNOTATION = Neo4jBackup.GROUP + "/chain";

  /** Annotation on a schedule's Neo4jBackups: the tick they were created for (RFC 3339). */
  public static final String SCHEDULED_TIME_ANNOTATION = Neo4jBackup.GROUP + "/scheduled-time";

  /** Label value of {@code app.kubernetes.io/component} on retention Jobs. */
  public static final String RETENTION_COMPONENT = "retention";

  /** The {@code app.kubernetes.io/component} of a schedule's restore drill Jobs. */
  public static final String DRILL_COMPONENT = "drill";

  private static final java.util.regex.Pattern CHAIN_DIRECTORY =
      java.util.regex.Pattern.compile("(.*/)?chain-[0-9]{8}T[0-9]{6}Z");

  private static final DateTimeFormatter CHAIN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ScheduleNames() {}

  /**
   * The Neo4jBackup for {@code tick}: the schedule's name and the tick in minutes since the epoch
   * ({@code nightly-29470350}); at most 52 + 9 characters while ticks have 8 digits (until 2160).
   */
  public static String backup(String schedule, Instant tick) {
    return schedule + "-" + minutes(tick);
  }

  /** The directory of a chain started at {@code tick}, below the template's target path. */
  public static String chainPath(String targetPath, Instant tick) {
    String base =
        targetPath.endsWith("/") ? targetPath.substring(0, targetPath.length() - 1) : targetPath;
    // An object store's prefix may be empty: the bucket's root.
    return (base.isEmpty() ? "" : base + "/") + "chain-" + CHAIN_TIME.format(tick);
  }

  /**
   * Whether {@code path} names a chain's directory, as {@link #chainPath} makes them: its last
   * segment is {@code chain-} and a UTC time. Retention deletes no other directory.
   */
  public static boolean isChainPath(String path) {
    return path != null && CHAIN_DIRECTORY.matcher(path).matches();
  }

  /** The Job that deletes the chain started at {@code chainStart}: {@code nightly-r29470350}. */
  public static String retentionJob(String schedule, Instant chainStart) {
    return schedule + "-r" + minutes(chainStart);
  }

  /**
   * The Job of the restore drill for the drill schedule's {@code slot}: {@code nightly-d29470350};
   * at most 52 + 10 characters while slots have 8 digits. The name depends only on the slot, so an
   * operator that restarts finds the drill it started instead of starting another.
   */
  public static String drillJob(String schedule, Instant slot) {
    return schedule + "-d" + minutes(slot);
  }

  private static long minutes(Instant tick) {
    return tick.getEpochSecond() / 60;
  }
}

package io.neo4jbackup.contract;

import java.util.regex.Pattern;

/**
 * The names of a backup directory's content and of the files the engine keeps beside it. A backup
 * {@code DIR} holds {@value #MANIFEST} (its presence marks a complete backup), while an incremental
 * runs {@value #JOURNAL}, and Neo4j's own {@value #DATABASES}{@code /<db>} and {@value
 * #TRANSACTIONS}{@code /<db>}. Beside it: {@code .DIR.staging} (a backup being built), {@code
 * .DIR.previous} (the backup being replaced, for a moment), {@code .DIR.lock} (the engine's lock)
 * and {@code DIR-consistency-report-<time>} (a failed check's report). No other program should give
 * a directory one of these names.
 */
public final class BackupLayout {
  public static final String MANIFEST = "neo4j-backup.json";
  public static final String JOURNAL = "neo4j-backup.journal";
  public static final String DATABASES = "databases";
  public static final String TRANSACTIONS = "transactions";
  public static final String BASE = "base";

  /** The names of the files the engine keeps beside a backup, whatever its name. */
  public static final Pattern SIDE_NAME =
      Pattern.compile("\\..+\\.(staging|previous|lock)|.+-consistency-report-[0-9]{8}T[0-9]{6}Z");

  private BackupLayout() {}

  public static String staging(String backup) {
    return "." + backup + ".staging";
  }

  public static String previous(String backup) {
    return "." + backup + ".previous";
  }

  public static String lock(String backup) {
    return "." + backup + ".lock";
  }

  /** The report directory of a check at {@code stamp} ({@code yyyyMMdd'T'HHmmss'Z'}, UTC). */
  public static String consistencyReport(String backup, String stamp) {
    return backup + "-consistency-report-" + stamp;
  }

  /** The reports of checks of {@code backup}, at any time. */
  public static Pattern consistencyReports(String backup) {
    return Pattern.compile(Pattern.quote(backup) + "-consistency-report-[0-9]{8}T[0-9]{6}Z");
  }

  /** Whether {@code name} is one the engine gives the files beside a backup. */
  public static boolean isSideName(String name) {
    return SIDE_NAME.matcher(name).matches();
  }
}

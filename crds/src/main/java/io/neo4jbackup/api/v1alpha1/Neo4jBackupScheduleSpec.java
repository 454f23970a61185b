package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** When a schedule runs backups, what they do, and how long their results are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Neo4jBackupScheduleSpec {

  @JsonPropertyDescription(
      "When to back up: five cron fields (minute hour day-of-month month day-of-week, for"
          + " example `30 2 * * *`) or a macro: @yearly, @annually, @monthly, @weekly, @daily,"
          + " @midnight, @hourly. Set the time zone with `timeZone`, not in the expression.")
  @Required
  @Pattern(Patterns.CRON_SCHEDULE)
  @Size(min = 1, max = 256)
  private String schedule;

  @JsonPropertyDescription(
      "IANA time zone the schedule is read in, for example `Europe/Berlin`. Defaults to UTC"
          + " (not the operator's local time).")
  @Default("UTC")
  @Pattern(Patterns.TIME_ZONE)
  @Size(min = 1, max = 64)
  private String timeZone;

  @JsonPropertyDescription(
      "Stop starting new backups; a running backup finishes. Runs missed while suspended are"
          + " not made up.")
  @Default("false")
  private Boolean suspend;

  @JsonPropertyDescription(
      "When a run is due while the previous backup still runs: Forbid skips the new run, Replace"
          + " cancels the running backup. Two backups never run at once: they would write into"
          + " the same chain.")
  @Default("Forbid")
  private ConcurrencyPolicy concurrencyPolicy;

  @JsonPropertyDescription(
      "How late, in seconds, a run may still start (after an operator restart or a long"
          + " previous backup); a run later than that is skipped and counted as missed. Without"
          + " it, the latest missed run starts as soon as possible.")
  @Min(1)
  private Long startingDeadlineSeconds;

  @JsonPropertyDescription("The Neo4jBackup resources each run creates.")
  @Required
  private BackupTemplate backupTemplate;

  @JsonPropertyDescription(
      "A chain is one full backup followed by incrementals, in its own directory below"
          + " `backupTemplate.spec.target.path`. It restores the database as it was after any"
          + " transaction from its full backup's last to its newest backup's last (its recovery"
          + " window), and restoring needs only the chain's directory. Longer chains cost less to"
          + " take and lose more when a link breaks.")
  @Default("{}")
  private ChainPolicy chain;

  @JsonPropertyDescription(
      "Which old chains the schedule deletes from the volume, by count (`keepChains`), by age"
          + " (`keepWithin`) or both (a chain is kept while either keeps it); without it nothing is"
          + " deleted. The newest chain that holds a successful backup is never deleted.")
  private RetentionPolicy retention;

  @JsonPropertyDescription(
      "How many succeeded Neo4jBackup resources to keep. Deleting a resource never deletes the"
          + " backup on the volume.")
  @Default("3")
  @Min(0)
  @Max(100)
  private Integer successfulBackupsHistoryLimit;

  @JsonPropertyDescription(
      "How many failed Neo4jBackup resources to keep, for their reasons and messages.")
  @Default("3")
  @Min(0)
  @Max(100)
  private Integer failedBackupsHistoryLimit;

  @JsonPropertyDescription(
      "Restore drills on their own schedule: a Job boots a read-only copy of the newest"
          + " successful backup and checks that a query answers what is expected. Leave it out"
          + " for no drills.")
  private ScheduleDrill drill;

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public BackupTemplate getBackupTemplate() {
    return backupTemplate;
  }

  public void setBackupTemplate(BackupTemplate backupTemplate) {
    this.backupTemplate = backupTemplate;
  }

  public ChainPolicy getChain() {
    return chain;
  }

  public void setChain(ChainPolicy chain) {
    this.chain = chain;
  }

  public RetentionPolicy getRetention() {
    return retention;
  }

  public void setRetention(RetentionPolicy retention) {
    this.retention = retention;
  }

  public Integer getSuccessfulBackupsHistoryLimit() {
    return successfulBackupsHistoryLimit;
  }

  public void setSuccessfulBackupsHistoryLimit(Integer successfulBackupsHistoryLimit) {
    this.successfulBackupsHistoryLimit = successfulBackupsHistoryLimit;
  }

  public Integer getFailedBackupsHistoryLimit() {
    return failedBackupsHistoryLimit;
  }

  public void setFailedBackupsHistoryLimit(Integer failedBackupsHistoryLimit) {
    this.failedBackupsHistoryLimit = failedBackupsHistoryLimit;
  }

  public ScheduleDrill getDrill() {
    return drill;
  }

  public void setDrill(ScheduleDrill drill) {
    this.drill = drill;
  }
}

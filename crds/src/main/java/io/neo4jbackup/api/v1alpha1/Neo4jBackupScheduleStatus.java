package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What a schedule has done and will do next, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Neo4jBackupScheduleStatus {

  @JsonPropertyDescription("The `metadata.generation` the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, LastBackupSucceeded and (with drills) DrillPassed.")
  private List<ScheduleCondition> conditions;

  @JsonPropertyDescription("When a backup was last started (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription(
      "When the next backup is due (RFC 3339); absent while suspended or invalid.")
  private String nextScheduleTime;

  @JsonPropertyDescription(
      "The latest scheduled time the operator has dealt with (RFC 3339): started, skipped or"
          + " counted as missed. Only later ticks of the schedule are due. Reset to the time of"
          + " a spec change (for example resuming), so that no backlog runs after it.")
  private String lastHandledScheduleTime;

  @JsonPropertyDescription(
      "How many scheduled runs never started because they were late: the operator was down, or"
          + " a run was later than `startingDeadlineSeconds`. After downtime only the latest"
          + " missed run may start; the older ones count here. Runs while suspended do not.")
  private Long missedRuns;

  @JsonPropertyDescription("The scheduled time of the latest missed run (RFC 3339).")
  private String lastMissedScheduleTime;

  @JsonPropertyDescription(
      "How many scheduled runs were skipped because a backup of this schedule was still running"
          + " (concurrencyPolicy Forbid).")
  private Long skippedRuns;

  @JsonPropertyDescription("The scheduled time of the latest skipped run (RFC 3339).")
  private String lastSkippedScheduleTime;

  @JsonPropertyDescription("The most recent backup that succeeded.")
  private BackupRecord lastSuccessfulBackup;

  @JsonPropertyDescription("The most recent backup that failed.")
  private BackupRecord lastFailedBackup;

  @JsonPropertyDescription("Names of the Neo4jBackup resources of this schedule still running.")
  private List<String> activeBackups;

  @JsonPropertyDescription(
      "The chains on the volume, oldest first; the last one receives the next incremental.")
  private List<ChainRecord> chains;

  @JsonPropertyDescription(
      "The points in time the schedule's chains can restore, from the oldest chain retention"
          + " keeps to the newest backup; absent until a chain reports a recovery window.")
  private RecoveryWindowStatus recoveryWindow;

  @JsonPropertyDescription(
      "The chains retention deleted from the volume most recently (at most 10), oldest first,"
          + " with when and why.")
  private List<ChainRecord> deletedChains;

  @JsonPropertyDescription(
      "The drill schedule's time the latest restore drill was started for (RFC 3339).")
  private String lastDrillTime;

  @JsonPropertyDescription("The most recent restore drill that finished, passed or not.")
  private DrillRecord lastDrill;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<ScheduleCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<ScheduleCondition> conditions) {
    this.conditions = conditions;
  }

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public BackupRecord getLastSuccessfulBackup() {
    return lastSuccessfulBackup;
  }

  public void setLastSuccessfulBackup(BackupRecord lastSuccessfulBackup) {
    this.lastSuccessfulBackup = lastSuccessfulBackup;
  }

  public BackupRecord getLastFailedBackup() {
    return lastFailedBackup;
  }

  public void setLastFailedBackup(BackupRecord lastFailedBackup) {
    this.lastFailedBackup = lastFailedBackup;
  }

  public List<String> getActiveBackups() {
    return activeBackups;
  }

  public void setActiveBackups(List<String> activeBackups) {
    this.activeBackups = activeBackups;
  }

  public List<ChainRecord> getChains() {
    return chains;
  }

  public void setChains(List<ChainRecord> chains) {
    this.chains = chains;
  }

  public String getLastHandledScheduleTime() {
    return lastHandledScheduleTime;
  }

  public void setLastHandledScheduleTime(String lastHandledScheduleTime) {
    this.lastHandledScheduleTime = lastHandledScheduleTime;
  }

  public Long getMissedRuns() {
    return missedRuns;
  }

  public void setMissedRuns(Long missedRuns) {
    this.missedRuns = missedRuns;
  }

  public String getLastMissedScheduleTime() {
    return lastMissedScheduleTime;
  }

  public void setLastMissedScheduleTime(String lastMissedScheduleTime) {
    this.lastMissedScheduleTime = lastMissedScheduleTime;
  }

  public Long getSkippedRuns() {
    return skippedRuns;
  }

  public void setSkippedRuns(Long skippedRuns) {
    this.skippedRuns = skippedRuns;
  }

  public String getLastSkippedScheduleTime() {
    return lastSkippedScheduleTime;
  }

  public void setLastSkippedScheduleTime(String lastSkippedScheduleTime) {
    this.lastSkippedScheduleTime = lastSkippedScheduleTime;
  }

  public List<ChainRecord> getDeletedChains() {
    return deletedChains;
  }

  public void setDeletedChains(List<ChainRecord> deletedChains) {
    this.deletedChains = deletedChains;
  }

  public RecoveryWindowStatus getRecoveryWindow() {
    return recoveryWindow;
  }

  public void setRecoveryWindow(RecoveryWindowStatus recoveryWindow) {
    this.recoveryWindow = recoveryWindow;
  }

  public String getLastDrillTime() {
    return lastDrillTime;
  }

  public void setLastDrillTime(String lastDrillTime) {
    this.lastDrillTime = lastDrillTime;
  }

  public DrillRecord getLastDrill() {
    return lastDrill;
  }

  public void setLastDrill(DrillRecord lastDrill) {
    this.lastDrill = lastDrill;
  }
}

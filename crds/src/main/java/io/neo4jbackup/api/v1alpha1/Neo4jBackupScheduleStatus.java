package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What a schedule has done and will do next, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Neo4jBackupScheduleStatus {

  @JsonPropertyDescription("The `metadata.generation` the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and LastBackupSucceeded.")
  private List<ScheduleCondition> conditions;

  @JsonPropertyDescription("When a backup was last started (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription(
      "When the next backup is due (RFC 3339); absent while suspended or invalid.")
  private String nextScheduleTime;

  @JsonPropertyDescription("The most recent backup that succeeded.")
  private BackupRecord lastSuccessfulBackup;

  @JsonPropertyDescription("The most recent backup that failed.")
  private BackupRecord lastFailedBackup;

  @JsonPropertyDescription("Names of the Neo4jBackup resources of this schedule still running.")
  private List<String> activeBackups;

  @JsonPropertyDescription(
      "The chains on the volume, oldest first; the last one receives the next incremental.")
  private List<ChainRecord> chains;

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
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A schedule's finished restore drill, remembered after its Job is gone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillRecord {

  @JsonPropertyDescription("Name of the drill's Job.")
  private String jobName;

  @JsonPropertyDescription("The drill schedule's time it ran for (RFC 3339).")
  private String scheduledTime;

  @JsonPropertyDescription("The Neo4jBackup whose backup was drilled: the newest successful one.")
  private String backupName;

  @JsonPropertyDescription("Directory of the chain drilled, inside the target claim.")
  private String chainPath;

  @JsonPropertyDescription("The last transaction of the state the drill booted and queried.")
  private Long lastTxId;

  @JsonPropertyDescription("The query's expected answer.")
  private String expected;

  @JsonPropertyDescription("What the query answered, as text; absent when it never answered.")
  private String actual;

  @JsonPropertyDescription("Whether the answer was the expected one.")
  private Boolean passed;

  @JsonPropertyDescription("When the drill finished (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Why the drill failed; set only when it did not pass.")
  private String message;

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public String getScheduledTime() {
    return scheduledTime;
  }

  public void setScheduledTime(String scheduledTime) {
    this.scheduledTime = scheduledTime;
  }

  public String getBackupName() {
    return backupName;
  }

  public void setBackupName(String backupName) {
    this.backupName = backupName;
  }

  public String getChainPath() {
    return chainPath;
  }

  public void setChainPath(String chainPath) {
    this.chainPath = chainPath;
  }

  public Long getLastTxId() {
    return lastTxId;
  }

  public void setLastTxId(Long lastTxId) {
    this.lastTxId = lastTxId;
  }

  public String getExpected() {
    return expected;
  }

  public void setExpected(String expected) {
    this.expected = expected;
  }

  public String getActual() {
    return actual;
  }

  public void setActual(String actual) {
    this.actual = actual;
  }

  public Boolean getPassed() {
    return passed;
  }

  public void setPassed(Boolean passed) {
    this.passed = passed;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}

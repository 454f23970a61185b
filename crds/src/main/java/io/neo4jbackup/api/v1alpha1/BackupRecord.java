package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A finished backup of a schedule, remembered after its resource is gone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupRecord {

  @JsonPropertyDescription("Name of the Neo4jBackup.")
  private String name;

  @JsonPropertyDescription("The tick of the schedule it was created for (RFC 3339).")
  private String scheduledTime;

  @JsonPropertyDescription("Directory of the chain it was written into, inside the target claim.")
  private String chainPath;

  @JsonPropertyDescription("When it finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Full or Incremental.")
  private BackupMode mode;

  @JsonPropertyDescription("Last transaction in the backup; set when it succeeded.")
  private Long lastTransactionId;

  @JsonPropertyDescription("Why it failed; set when it failed.")
  private FailureReason failureReason;

  @JsonPropertyDescription("How long it took, for example `4m12s`.")
  private String duration;

  @JsonPropertyDescription("Bytes received from the server.")
  private Long bytesTransferred;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public BackupMode getMode() {
    return mode;
  }

  public void setMode(BackupMode mode) {
    this.mode = mode;
  }

  public Long getLastTransactionId() {
    return lastTransactionId;
  }

  public void setLastTransactionId(Long lastTransactionId) {
    this.lastTransactionId = lastTransactionId;
  }

  public FailureReason getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(FailureReason failureReason) {
    this.failureReason = failureReason;
  }

  public String getScheduledTime() {
    return scheduledTime;
  }

  public void setScheduledTime(String scheduledTime) {
    this.scheduledTime = scheduledTime;
  }

  public String getChainPath() {
    return chainPath;
  }

  public void setChainPath(String chainPath) {
    this.chainPath = chainPath;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Long getBytesTransferred() {
    return bytesTransferred;
  }

  public void setBytesTransferred(Long bytesTransferred) {
    this.bytesTransferred = bytesTransferred;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What happened to a restore, written by the operator only. Each step's facts are recorded before
 * the step acts, so that an operator restarted at any moment carries on from there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Neo4jRestoreStatus {

  @JsonPropertyDescription(
      "Pending, Stopping, Restoring, Starting, Succeeded or Failed, in that order; a restore that"
          + " fails after Stopping goes through Starting (Neo4j and the schedules are started"
          + " again) before Failed.")
  private RestorePhase phase;

  @JsonPropertyDescription(
      "Complete, Failed, and SpecChanged (the spec was changed after it was accepted).")
  private List<RestoreCondition> conditions;

  @JsonPropertyDescription("The `metadata.generation` the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "The `metadata.generation` of the spec the operator accepted: later changes of the spec are"
          + " refused before the restore Job exists (SpecChanged) and ignored after.")
  private Long acceptedGeneration;

  @JsonPropertyDescription(
      "The backup restored, as `claim:path`, or its object store location (sourceUri).")
  private String source;

  @JsonPropertyDescription("The claim holding the backup (mounted read-only).")
  private String sourceClaim;

  @JsonPropertyDescription("The backup's directory in sourceClaim.")
  private String sourcePath;

  @JsonPropertyDescription(
      "For a backup in an object store: what the restore reads, `s3://bucket/prefix` (the"
          + " newest complete chain below it) or `s3://bucket/prefix/chain-<UTC time>`.")
  private String sourceUri;

  public String getSourceUri() {
    return sourceUri;
  }

  public void setSourceUri(String sourceUri) {
    this.sourceUri = sourceUri;
  }

  @JsonPropertyDescription("The StatefulSet pod 0's data claim, which the restore writes into.")
  private String dataClaim;

  @JsonPropertyDescription("The subPath of the data volume's mount at /data (empty: none).")
  private String dataSubPath;

  @JsonPropertyDescription(
      "The StatefulSet's replicas before the restore, which it is scaled back to afterwards.")
  private Integer replicas;

  @JsonPropertyDescription(
      "The Neo4jBackupSchedules the operator suspended for the restore (ones already suspended"
          + " are not listed): these, and only these, are resumed afterwards.")
  private List<String> suspendedSchedules;

  @JsonPropertyDescription("Name of the Job that runs (or ran) the restore, in this namespace.")
  private String jobName;

  @JsonPropertyDescription("When the restore was accepted (RFC 3339).")
  private String acceptedTime;

  @JsonPropertyDescription("When Neo4j was being stopped (RFC 3339).")
  private String stoppingTime;

  @JsonPropertyDescription("When the restore Job was created (RFC 3339).")
  private String restoringTime;

  @JsonPropertyDescription("When Neo4j was being started again (RFC 3339).")
  private String startingTime;

  @JsonPropertyDescription("When the restore succeeded or failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("The database restored, as the engine named it.")
  private String database;

  @JsonPropertyDescription("The last transaction of the restored database.")
  private Long lastTransactionId;

  @JsonPropertyDescription(
      "When that transaction committed (RFC 3339, by the source server's clock).")
  private String lastCommitTime;

  @JsonPropertyDescription(
      "The replaced database folders kept aside (`<database>.before-restore-<time>`), as the"
          + " restore pod saw them under /data; empty with keepPrevious false.")
  private List<String> keptAside;

  @JsonPropertyDescription(
      "Whether the consistency checker passed the restored copy (spec.verify).")
  private Boolean verified;

  @JsonPropertyDescription(
      "Why the restore failed; set in phase Failed, and already in Starting when it failed after"
          + " Neo4j was stopped.")
  private RestoreFailureReason failureReason;

  @JsonPropertyDescription("What went wrong and what to do about it, for a person.")
  private String failureMessage;

  public RestorePhase getPhase() {
    return phase;
  }

  public void setPhase(RestorePhase phase) {
    this.phase = phase;
  }

  public List<RestoreCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<RestoreCondition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Long getAcceptedGeneration() {
    return acceptedGeneration;
  }

  public void setAcceptedGeneration(Long acceptedGeneration) {
    this.acceptedGeneration = acceptedGeneration;
  }

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getSourceClaim() {
    return sourceClaim;
  }

  public void setSourceClaim(String sourceClaim) {
    this.sourceClaim = sourceClaim;
  }

  public String getSourcePath() {
    return sourcePath;
  }

  public void setSourcePath(String sourcePath) {
    this.sourcePath = sourcePath;
  }

  public String getDataClaim() {
    return dataClaim;
  }

  public void setDataClaim(String dataClaim) {
    this.dataClaim = dataClaim;
  }

  public String getDataSubPath() {
    return dataSubPath;
  }

  public void setDataSubPath(String dataSubPath) {
    this.dataSubPath = dataSubPath;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public List<String> getSuspendedSchedules() {
    return suspendedSchedules;
  }

  public void setSuspendedSchedules(List<String> suspendedSchedules) {
    this.suspendedSchedules = suspendedSchedules;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public String getAcceptedTime() {
    return acceptedTime;
  }

  public void setAcceptedTime(String acceptedTime) {
    this.acceptedTime = acceptedTime;
  }

  public String getStoppingTime() {
    return stoppingTime;
  }

  public void setStoppingTime(String stoppingTime) {
    this.stoppingTime = stoppingTime;
  }

  public String getRestoringTime() {
    return restoringTime;
  }

  public void setRestoringTime(String restoringTime) {
    this.restoringTime = restoringTime;
  }

  public String getStartingTime() {
    return startingTime;
  }

  public void setStartingTime(String startingTime) {
    this.startingTime = startingTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public Long getLastTransactionId() {
    return lastTransactionId;
  }

  public void setLastTransactionId(Long lastTransactionId) {
    this.lastTransactionId = lastTransactionId;
  }

  public String getLastCommitTime() {
    return lastCommitTime;
  }

  public void setLastCommitTime(String lastCommitTime) {
    this.lastCommitTime = lastCommitTime;
  }

  public List<String> getKeptAside() {
    return keptAside;
  }

  public void setKeptAside(List<String> keptAside) {
    this.keptAside = keptAside;
  }

  public Boolean getVerified() {
    return verified;
  }

  public void setVerified(Boolean verified) {
    this.verified = verified;
  }

  public RestoreFailureReason getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(RestoreFailureReason failureReason) {
    this.failureReason = failureReason;
  }

  public String getFailureMessage() {
    return failureMessage;
  }

  public void setFailureMessage(String failureMessage) {
    this.failureMessage = failureMessage;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What happened to a backup, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Neo4jBackupStatus {

  @JsonPropertyDescription("Pending, Running, Succeeded or Failed. Phases only move forward.")
  private BackupPhase phase;

  @JsonPropertyDescription(
      "Complete, Failed and (when a check was asked for in `spec.verify`) Verified.")
  private List<BackupCondition> conditions;

  @JsonPropertyDescription("The `metadata.generation` the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("When the backup Job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the backup succeeded or failed (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription(
      "The kind of backup actually taken: Full or Incremental (with mode Auto, or when"
          + " `fallbackToFull` turned an incremental into a full backup).")
  private BackupMode mode;

  @JsonPropertyDescription("The server that was backed up, as `host:port`.")
  private String member;

  @JsonPropertyDescription(
      "Identity of the backed-up store. Backups in one chain share it; a different one means a"
          + " different database.")
  private String storeId;

  @JsonPropertyDescription(
      "First transaction this backup brought into the target (for a full backup, the oldest"
          + " transaction it holds).")
  private Long firstTransactionId;

  @JsonPropertyDescription(
      "Last transaction in the backup: restoring it restores the database as of this"
          + " transaction.")
  private Long lastTransactionId;

  @JsonPropertyDescription(
      "The earliest point the backup's chain restores, after this backup: the last transaction"
          + " of the chain's full backup (`neo4j-backup restore -until-tx`). Absent when the engine"
          + " reported no recovery window (a chain begun before point-in-time restore, which"
          + " restores its newest state only).")
  private Long firstRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `firstRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock): `neo4j-backup restore -until-time` takes any instant"
          + " from here to `lastRecoverableTime`. Absent without a recovery window.")
  private String firstRecoverableTime;

  @JsonPropertyDescription(
      "The latest point the backup's chain restores, after this backup: this backup's last"
          + " transaction. Absent without a recovery window.")
  private Long lastRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `lastRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock). Absent without a recovery window.")
  private String lastRecoverableTime;

  @JsonPropertyDescription("Bytes received from the server.")
  private Long bytesTransferred;

  @JsonPropertyDescription(
      "How long the backup took, from the Job's start to completion, for example `4m12s`.")
  private String duration;

  @JsonPropertyDescription(
      "What the consistency checker said: Passed, Failed, or Skipped when"
          + " `spec.verify.consistency` is false.")
  private VerificationResult verification;

  @JsonPropertyDescription("Name of the Job that runs (or ran) the backup, in this namespace.")
  private String jobName;

  @JsonPropertyDescription(
      "With an objectStore target, once the backup succeeded: the chain it wrote into,"
          + " `s3://bucket/prefix/chain-<UTC time>` (a full backup starts a new one). Restore it"
          + " with a Neo4jRestore naming this backup, or its prefix and chain.")
  private String objectStoreUri;

  public String getObjectStoreUri() {
    return objectStoreUri;
  }

  public void setObjectStoreUri(String objectStoreUri) {
    this.objectStoreUri = objectStoreUri;
  }

  @JsonPropertyDescription("Why the backup failed; set only in phase Failed.")
  private FailureReason failureReason;

  @JsonPropertyDescription(
      "What went wrong and what to do about it, for a person; set only in phase Failed.")
  private String failureMessage;

  @JsonPropertyDescription(
      "What the restore drill found (`spec.verify.query`); absent when none was asked for.")
  private DrillStatus drill;

  @JsonPropertyDescription(
      "Where the engine process's time went, phase by phase, in order, as the engine reported it;"
          + " absent for a failed backup.")
  private List<PhaseRecord> phases;

  public BackupPhase getPhase() {
    return phase;
  }

  public void setPhase(BackupPhase phase) {
    this.phase = phase;
  }

  public List<BackupCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<BackupCondition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
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

  public String getMember() {
    return member;
  }

  public void setMember(String member) {
    this.member = member;
  }

  public String getStoreId() {
    return storeId;
  }

  public void setStoreId(String storeId) {
    this.storeId = storeId;
  }

  public Long getFirstTransactionId() {
    return firstTransactionId;
  }

  public void setFirstTransactionId(Long firstTransactionId) {
    this.firstTransactionId = firstTransactionId;
  }

  public Long getLastTransactionId() {
    return lastTransactionId;
  }

  public void setLastTransactionId(Long lastTransactionId) {
    this.lastTransactionId = lastTransactionId;
  }

  public Long getBytesTransferred() {
    return bytesTransferred;
  }

  public void setBytesTransferred(Long bytesTransferred) {
    this.bytesTransferred = bytesTransferred;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public VerificationResult getVerification() {
    return verification;
  }

  public void setVerification(VerificationResult verification) {
    this.verification = verification;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public FailureReason getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(FailureReason failureReason) {
    this.failureReason = failureReason;
  }

  public String getFailureMessage() {
    return failureMessage;
  }

  public void setFailureMessage(String failureMessage) {
    this.failureMessage = failureMessage;
  }

  public String getFirstRecoverableTime() {
    return firstRecoverableTime;
  }

  public void setFirstRecoverableTime(String firstRecoverableTime) {
    this.firstRecoverableTime = firstRecoverableTime;
  }

  public Long getFirstRecoverableTxId() {
    return firstRecoverableTxId;
  }

  public void setFirstRecoverableTxId(Long firstRecoverableTxId) {
    this.firstRecoverableTxId = firstRecoverableTxId;
  }

  public String getLastRecoverableTime() {
    return lastRecoverableTime;
  }

  public void setLastRecoverableTime(String lastRecoverableTime) {
    this.lastRecoverableTime = lastRecoverableTime;
  }

  public Long getLastRecoverableTxId() {
    return lastRecoverableTxId;
  }

  public void setLastRecoverableTxId(Long lastRecoverableTxId) {
    this.lastRecoverableTxId = lastRecoverableTxId;
  }

  public DrillStatus getDrill() {
    return drill;
  }

  public void setDrill(DrillStatus drill) {
    this.drill = drill;
  }

  public List<PhaseRecord> getPhases() {
    return phases;
  }

  public void setPhases(List<PhaseRecord> phases) {
    this.phases = phases;
  }
}

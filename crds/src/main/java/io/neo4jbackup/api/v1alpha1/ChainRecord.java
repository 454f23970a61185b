package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A backup chain the schedule wrote and has not deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChainRecord {

  @JsonPropertyDescription(
      "Directory of the chain inside the target claim. For an object store, the schedule's own"
          + " name of the chain below the prefix (`prefix/chain-<tick>`), which keys its records;"
          + " the chain's objects are at uri.")
  private String path;

  @JsonPropertyDescription(
      "The PersistentVolumeClaim that holds the chain (absent for an object" + " store).")
  private String claimName;

  @JsonPropertyDescription("For an object store: the bucket that holds the chain.")
  private String bucket;

  @JsonPropertyDescription(
      "For an object store: the chain's location as the engine named it when its full backup"
          + " succeeded, `s3://bucket/prefix/chain-<UTC time>`. Incrementals continue exactly"
          + " this chain, and retention deletes exactly it (`neo4j-backup delete <uri>`). Absent"
          + " until the chain's full backup succeeded: a chain without it is never deleted, as"
          + " its name in the store is not known.")
  private String uri;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  @JsonPropertyDescription(
      "The database the chain holds, lower-cased as Neo4j names it. A template that names"
          + " another database starts a new chain.")
  private String database;

  @JsonPropertyDescription("When its full backup started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription(
      "Why the schedule started this chain: its first run, the previous chain full"
          + " (backupsPerChain), broken (LogsPruned, VerificationFailed, OtherStore, Diverged) or"
          + " written for another claim, path or database than the template names now.")
  private String startReason;

  @JsonPropertyDescription(
      "The transaction the chain's full backup had to reach at least (the `minTransactionId`"
          + " of its backups): the last transaction of the chain before it, so that a new chain"
          + " never starts behind the previous one. Absent for the first chain, for another"
          + " database, and after a history that forked (OtherStore, Diverged).")
  private Long minTransactionId;

  @JsonPropertyDescription("How many successful backups it holds.")
  private Integer successfulBackups;

  @JsonPropertyDescription("Last transaction of its newest successful backup.")
  private Long lastTransactionId;

  @JsonPropertyDescription("When its newest successful backup completed (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription(
      "The earliest point the chain restores: the last transaction of its full backup"
          + " (`neo4j-backup restore -until-tx`). Absent while the chain holds no backup, and for"
          + " a chain whose engine reported no recovery window (begun before point-in-time"
          + " restore: it restores its newest state only).")
  private Long firstRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `firstRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock): `neo4j-backup restore -until-time` takes any instant"
          + " from here to `lastRecoverableTime`.")
  private String firstRecoverableTime;

  @JsonPropertyDescription(
      "The latest point the chain restores: the last transaction of its newest successful"
          + " backup.")
  private Long lastRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `lastRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock).")
  private String lastRecoverableTime;

  @JsonPropertyDescription(
      "Why retention deletes (or deleted) this chain; set once retention chose it.")
  private String deletionReason;

  @JsonPropertyDescription("Name of the Job that deletes the chain's data, while it runs.")
  private String deletionJob;

  @JsonPropertyDescription("When the chain's data was deleted (RFC 3339).")
  private String deletionTime;

  @JsonPropertyDescription(
      "Why the last attempt to delete the chain's data failed, for example its lock held by a"
          + " backup or restore using it; cleared once it is deleted.")
  private String deletionFailure;

  @JsonPropertyDescription(
      "After a failed deletion, when retention tries again at the earliest (RFC 3339).")
  private String deletionRetryTime;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public Integer getSuccessfulBackups() {
    return successfulBackups;
  }

  public void setSuccessfulBackups(Integer successfulBackups) {
    this.successfulBackups = successfulBackups;
  }

  public Long getLastTransactionId() {
    return lastTransactionId;
  }

  public void setLastTransactionId(Long lastTransactionId) {
    this.lastTransactionId = lastTransactionId;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getDeletionReason() {
    return deletionReason;
  }

  public void setDeletionReason(String deletionReason) {
    this.deletionReason = deletionReason;
  }

  public String getDeletionJob() {
    return deletionJob;
  }

  public void setDeletionJob(String deletionJob) {
    this.deletionJob = deletionJob;
  }

  public String getDeletionTime() {
    return deletionTime;
  }

  public void setDeletionTime(String deletionTime) {
    this.deletionTime = deletionTime;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getStartReason() {
    return startReason;
  }

  public void setStartReason(String startReason) {
    this.startReason = startReason;
  }

  public Long getMinTransactionId() {
    return minTransactionId;
  }

  public void setMinTransactionId(Long minTransactionId) {
    this.minTransactionId = minTransactionId;
  }

  public String getDeletionFailure() {
    return deletionFailure;
  }

  public void setDeletionFailure(String deletionFailure) {
    this.deletionFailure = deletionFailure;
  }

  public String getDeletionRetryTime() {
    return deletionRetryTime;
  }

  public void setDeletionRetryTime(String deletionRetryTime) {
    this.deletionRetryTime = deletionRetryTime;
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
}

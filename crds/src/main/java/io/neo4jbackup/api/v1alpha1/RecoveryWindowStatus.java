package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The points in time a schedule can restore, across the chains it keeps: from the oldest kept
 * chain's first restore point to the newest chain's last.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryWindowStatus {

  @JsonPropertyDescription(
      "The earliest restore point: the first recoverable transaction of the oldest chain that"
          + " reports a window and that retention does not delete.")
  private Long firstRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `firstRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock).")
  private String firstRecoverableTime;

  @JsonPropertyDescription(
      "The latest restore point: the last transaction of the newest successful backup that"
          + " reported a window.")
  private Long lastRecoverableTxId;

  @JsonPropertyDescription(
      "When the transaction `lastRecoverableTxId` committed (RFC 3339, to the millisecond, by"
          + " the source server's clock).")
  private String lastRecoverableTime;

  @JsonPropertyDescription(
      "How many chains the window spans. Each chain restores its own window"
          + " (`status.chains[]`): the transactions between one chain's last restore point and the"
          + " next chain's first (committed between the older chain's last backup and the newer"
          + " chain's full backup) are not restore points.")
  private Integer chains;

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

  public Integer getChains() {
    return chains;
  }

  public void setChains(Integer chains) {
    this.chains = chains;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a backup's restore drill found: the query, what it answered and whether that passed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillStatus {

  @JsonPropertyDescription("The query the drill ran (`spec.verify.query`).")
  private String query;

  @JsonPropertyDescription("The answer it expected (`spec.verify.expect`).")
  private String expected;

  @JsonPropertyDescription(
      "What the query answered, as text (at most 512 characters of it are kept).")
  private String actual;

  @JsonPropertyDescription("Whether the answer was the expected one.")
  private Boolean passed;

  @JsonPropertyDescription("The last transaction of the state the drill booted and queried.")
  private Long lastTxId;

  @JsonPropertyDescription(
      "When that transaction was committed (RFC 3339), when the backup knows it.")
  private String lastCommitTime;

  @JsonPropertyDescription("When the drill's Job finished (RFC 3339).")
  private String time;

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
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

  public Long getLastTxId() {
    return lastTxId;
  }

  public void setLastTxId(Long lastTxId) {
    this.lastTxId = lastTxId;
  }

  public String getLastCommitTime() {
    return lastCommitTime;
  }

  public void setLastCommitTime(String lastCommitTime) {
    this.lastCommitTime = lastCommitTime;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }
}

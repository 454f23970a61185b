package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How long one phase of the backup's engine process took. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseRecord {

  @JsonPropertyDescription(
      "The phase: jvm (the JVM's start-up), startUp (loading the engine), connecting (connection,"
          + " handshake and, for a full backup, the server's checkpoint), transferring,"
          + " recovering (Neo4j's recovery of the transferred transactions), verifying (the"
          + " consistency checker and the restore drill) or publishing.")
  private String phase;

  @JsonPropertyDescription("Its time in seconds.")
  private Double seconds;

  public PhaseRecord() {}

  public PhaseRecord(String phase, Double seconds) {
    this.phase = phase;
    this.seconds = seconds;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Double getSeconds() {
    return seconds;
  }

  public void setSeconds(Double seconds) {
    this.seconds = seconds;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A standard Kubernetes condition whose type and reason come from fixed sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreCondition {

  @JsonPropertyDescription("Complete, Failed or SpecChanged.")
  @Required
  private RestoreConditionType type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  private ConditionStatus status;

  @JsonPropertyDescription("The `metadata.generation` this condition was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  @Required
  private String lastTransitionTime;

  @JsonPropertyDescription("Why the condition has its status, one of a fixed set.")
  @Required
  private RestoreConditionReason reason;

  @JsonPropertyDescription("What happened, for a person.")
  @Size(max = 32768)
  private String message;

  public RestoreConditionType getType() {
    return type;
  }

  public void setType(RestoreConditionType type) {
    this.type = type;
  }

  public ConditionStatus getStatus() {
    return status;
  }

  public void setStatus(ConditionStatus status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public RestoreConditionReason getReason() {
    return reason;
  }

  public void setReason(RestoreConditionReason reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}

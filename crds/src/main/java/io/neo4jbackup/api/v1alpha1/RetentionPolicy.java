package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Which backup chains a schedule deletes from the target volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionPolicy {

  @JsonPropertyDescription(
      "How many of the newest chains to keep (the one being written counts). Older chains are"
          + " deleted once a newer chain holds a successful backup.")
  @Min(1)
  @Max(1000)
  private Integer keepChains;

  public Integer getKeepChains() {
    return keepChains;
  }

  public void setKeepChains(Integer keepChains) {
    this.keepChains = keepChains;
  }
}

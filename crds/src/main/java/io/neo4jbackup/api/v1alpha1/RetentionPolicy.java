package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Which backup chains a schedule deletes from the target volume: a chain is kept while any rule
 * given keeps it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionPolicy {

  @JsonPropertyDescription(
      "How many of the newest chains to keep (the one being written counts). Older chains are"
          + " deleted once a newer chain holds a successful backup, unless `keepWithin` keeps"
          + " them.")
  @Min(1)
  @Max(1000)
  private Integer keepChains;

  @JsonPropertyDescription(
      "How far back restore points are kept, as days, hours, minutes and seconds: `30d`,"
          + " `12h`, `1d12h`, `90m`. A chain is deleted once its whole recovery window is older:"
          + " its last restore point (`lastRecoverableTime`; without one, its last successful"
          + " backup's completion, or its start when it holds none) lies before now minus"
          + " `keepWithin`, unless `keepChains` keeps it. The newest chain that holds a"
          + " successful backup is never deleted, however old.")
  @Pattern(Patterns.DURATION)
  private String keepWithin;

  public Integer getKeepChains() {
    return keepChains;
  }

  public void setKeepChains(Integer keepChains) {
    this.keepChains = keepChains;
  }

  public String getKeepWithin() {
    return keepWithin;
  }

  public void setKeepWithin(String keepWithin) {
    this.keepWithin = keepWithin;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How often a schedule starts a new backup chain (a full backup) instead of an incremental. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChainPolicy {

  @JsonPropertyDescription(
      "How many successful backups a chain holds: the first is full, the others incremental."
          + " The next run after that starts a new chain. 1 makes every backup a full backup;"
          + " with `@daily`, 7 gives a weekly full backup.")
  @Default("7")
  @Min(1)
  @Max(1000)
  private Integer backupsPerChain;

  public Integer getBackupsPerChain() {
    return backupsPerChain;
  }

  public void setBackupsPerChain(Integer backupsPerChain) {
    this.backupsPerChain = backupsPerChain;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The Neo4jBackup resources a schedule creates: their labels, annotations and spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupTemplate {

  @JsonPropertyDescription("Labels and annotations for the created Neo4jBackup resources.")
  private TemplateMetadata metadata;

  @JsonPropertyDescription(
      "The spec of the created Neo4jBackup resources: everything of a Neo4jBackup's spec except"
          + " `mode`, which the schedule chooses (Full for the first backup of a chain, Incremental"
          + " for the others).")
  @Required
  private BackupTemplateSpec spec;

  public TemplateMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(TemplateMetadata metadata) {
    this.metadata = metadata;
  }

  public BackupTemplateSpec getSpec() {
    return spec;
  }

  public void setSpec(BackupTemplateSpec spec) {
    this.spec = spec;
  }
}

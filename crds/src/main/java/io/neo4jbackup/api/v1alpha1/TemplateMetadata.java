package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The labels and annotations a schedule puts on the backups it creates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateMetadata {

  @JsonPropertyDescription("Labels added to each created Neo4jBackup.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Annotations added to each created Neo4jBackup.")
  private Map<String, String> annotations;

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** One backup run: the template's settings plus the mode. Immutable once created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: create a new Neo4jBackup instead of changing this one")
public class Neo4jBackupSpec extends BackupTemplateSpec {

  @JsonPropertyDescription(
      "Full copies the whole store; Incremental adds the transactions since the backup already in"
          + " the target (and fails when there is none); Auto takes an incremental when the"
          + " target holds a backup of the same store and a full backup otherwise.")
  @Default("Auto")
  private BackupMode mode;

  public BackupMode getMode() {
    return mode;
  }

  public void setMode(BackupMode mode) {
    this.mode = mode;
  }
}

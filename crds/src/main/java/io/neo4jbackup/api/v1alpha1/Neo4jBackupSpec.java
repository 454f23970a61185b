package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** One backup run: the template's settings plus the mode. Immutable once created. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: create a new Neo4jBackup instead of changing this one")
@ValidationRule(
    value = "!has(self.replace) || !self.replace || (has(self.mode) && self.mode == 'Full')",
    message = "replace: true needs mode: Full (only a full backup replaces another backup)")
public class Neo4jBackupSpec extends BackupTemplateSpec {

  @JsonPropertyDescription(
      "Full copies the whole store; Incremental adds the transactions since the backup already in"
          + " the target (and fails when there is none); Auto takes an incremental when the"
          + " target holds a backup of the same store and a full backup otherwise.")
  @Default("Auto")
  private BackupMode mode;

  @JsonPropertyDescription(
      "With mode Full only: the target directory may hold a backup of another database or of"
          + " another store (the database recreated), which this backup replaces once it is"
          + " complete; until then the old backup stays. Without it such a target is refused"
          + " (InvalidSpec) and nothing in it changes. A full backup of the same database and"
          + " store into its own earlier backup's directory needs no replace.")
  @Default("false")
  private Boolean replace;

  @JsonPropertyDescription(
      "Refuse to back up from a member whose last committed transaction is below this one; the"
          + " backup fails with MemberBehind (a transient failure) when no member that answers"
          + " qualifies. A schedule sets it on the backups that start a new chain to the previous"
          + " chain's last transaction, so that a new chain never starts behind the one before"
          + " it.")
  @Min(0)
  private Long minTransactionId;

  public BackupMode getMode() {
    return mode;
  }

  public void setMode(BackupMode mode) {
    this.mode = mode;
  }

  public Boolean getReplace() {
    return replace;
  }

  public void setReplace(Boolean replace) {
    this.replace = replace;
  }

  public Long getMinTransactionId() {
    return minTransactionId;
  }

  public void setMinTransactionId(Long minTransactionId) {
    this.minTransactionId = minTransactionId;
  }
}

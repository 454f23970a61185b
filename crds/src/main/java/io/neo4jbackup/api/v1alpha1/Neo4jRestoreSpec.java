package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A restore: the backup, the StatefulSet whose data it replaces, verification and the Job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: create a new Neo4jRestore instead of changing this one")
public class Neo4jRestoreSpec {

  @JsonPropertyDescription(
      "The backup to restore: a Neo4jBackup of this namespace, or a directory of a claim, and"
          + " optionally the point in its chain's recovery window to restore to.")
  @Required
  private RestoreSource source;

  @JsonPropertyDescription("The Neo4j StatefulSet whose database is replaced by the backup.")
  @Required
  private RestoreTarget target;

  @JsonPropertyDescription(
      "Run Neo4j's consistency checker on the restored copy before it replaces the database; a"
          + " copy with errors replaces nothing and the restore fails with VerificationFailed."
          + " Takes time and memory in proportion to the store (spec.job.resources).")
  @Default("false")
  private Boolean verify;

  @JsonPropertyDescription(
      "Settings of the restore Job and its pod, as a Neo4jBackup's spec.job: resources,"
          + " placement, pull secrets, security contexts that may only tighten the operator's,"
          + " activeDeadlineSeconds. backoffLimit is ignored: a restore pod is never retried.")
  private JobSettings job;

  public RestoreSource getSource() {
    return source;
  }

  public void setSource(RestoreSource source) {
    this.source = source;
  }

  public RestoreTarget getTarget() {
    return target;
  }

  public void setTarget(RestoreTarget target) {
    this.target = target;
  }

  public Boolean getVerify() {
    return verify;
  }

  public void setVerify(Boolean verify) {
    this.verify = verify;
  }

  public JobSettings getJob() {
    return job;
  }

  public void setJob(JobSettings job) {
    this.job = job;
  }
}

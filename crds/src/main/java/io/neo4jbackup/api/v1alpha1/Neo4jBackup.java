package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One online backup of a Neo4j database, run once by a Job. */
@Group(Neo4jBackup.GROUP)
@Version(Neo4jBackup.VERSION)
@ShortNames("n4jb")
@Categories("neo4j")
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    message =
        "a Neo4jBackup name has at most 63 characters: it names the backup Job, and pod labels carry it")
@JsonClassDescription(
    "One online backup of a Neo4j 5 database into a PersistentVolumeClaim, run once by a Job."
        + " Deleting it never deletes the backup files.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.mode")
@AdditionalPrinterColumn(
    name = "Last Tx",
    jsonPath = ".status.lastTransactionId",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.failureReason")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "From", jsonPath = ".spec.from", priority = 1)
@AdditionalPrinterColumn(name = "Claim", jsonPath = ".spec.target.claimName", priority = 1)
@AdditionalPrinterColumn(name = "Path", jsonPath = ".spec.target.path", priority = 1)
@AdditionalPrinterColumn(name = "Chain", jsonPath = ".status.objectStoreUri", priority = 1)
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".status.duration", priority = 1)
@AdditionalPrinterColumn(name = "Verified", jsonPath = ".status.verification", priority = 1)
@AdditionalPrinterColumn(
    name = "Drill Passed",
    jsonPath = ".status.drill.passed",
    type = Type.BOOLEAN,
    priority = 1)
public class Neo4jBackup extends CustomResource<Neo4jBackupSpec, Neo4jBackupStatus>
    implements Namespaced {

  public static final String GROUP = "neo4jbackup.io";
  public static final String VERSION = "v1alpha1";

  // Overridden only to describe them: the generator takes descriptions from the getters.
  @Override
  @JsonPropertyDescription(
      "What to back up, from where, into which volume, and how the Job runs. It cannot be"
          + " changed once created: create a new Neo4jBackup instead.")
  @Required
  public Neo4jBackupSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What happened to the backup. Written by the operator.")
  public Neo4jBackupStatus getStatus() {
    return super.getStatus();
  }
}

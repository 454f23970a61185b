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

/** One restore of a backup into the data volume of a Neo4j StatefulSet, run once. */
@Group(Neo4jBackup.GROUP)
@Version(Neo4jBackup.VERSION)
@ShortNames("n4jr")
@Categories("neo4j")
@ValidationRule(
    value = "size(self.metadata.name) <= 63",
    message =
        "a Neo4jRestore name has at most 63 characters: it names the restore Job, and pod labels carry it")
@JsonClassDescription(
    "One restore of a backup into the data volume of a Neo4j StatefulSet: the operator stops"
        + " Neo4j (scales the StatefulSet to 0) and the schedules that back it up, restores in a"
        + " Job, and starts Neo4j and the schedules again, also when the restore failed. Run once;"
        + " the spec cannot change once accepted.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "StatefulSet", jsonPath = ".spec.target.statefulSet")
@AdditionalPrinterColumn(name = "Source", jsonPath = ".status.source")
@AdditionalPrinterColumn(
    name = "Restored Tx",
    jsonPath = ".status.lastTransactionId",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.failureReason", priority = 1)
@AdditionalPrinterColumn(name = "Database", jsonPath = ".status.database", priority = 1)
@AdditionalPrinterColumn(name = "Restored Time", jsonPath = ".status.lastCommitTime", priority = 1)
public class Neo4jRestore extends CustomResource<Neo4jRestoreSpec, Neo4jRestoreStatus>
    implements Namespaced {

  // Overridden only to describe them: the generator takes descriptions from the getters.
  @Override
  @JsonPropertyDescription(
      "Which backup to restore, into which StatefulSet's data volume, and how the Job runs. It"
          + " cannot be changed once accepted (on Kubernetes before 1.25, where the API server"
          + " cannot refuse the change, the operator refuses it: see status.conditions):"
          + " create a new Neo4jRestore instead.")
  @Required
  public Neo4jRestoreSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What happened to the restore, step by step. Written by the operator.")
  public Neo4jRestoreStatus getStatus() {
    return super.getStatus();
  }
}

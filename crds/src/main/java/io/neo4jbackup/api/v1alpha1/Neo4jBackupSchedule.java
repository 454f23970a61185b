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

/** Backups on a cron schedule, in chains of one full backup and incrementals, with retention. */
@Group(Neo4jBackup.GROUP)
@Version(Neo4jBackup.VERSION)
@ShortNames("n4jbs")
@Categories("neo4j")
@ValidationRule(
    value = "size(self.metadata.name) <= 52",
    message =
        "a Neo4jBackupSchedule name has at most 52 characters: its backups are named after it with a suffix of up to 11 characters")
@JsonClassDescription(
    "Neo4j backups on a cron schedule: it creates a Neo4jBackup per run, in chains of one full"
        + " backup followed by incrementals, and deletes old chains as its retention says.")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule")
@AdditionalPrinterColumn(name = "Time Zone", jsonPath = ".spec.timeZone", priority = 1)
@AdditionalPrinterColumn(name = "Suspended", jsonPath = ".spec.suspend", type = Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Last Success",
    jsonPath = ".status.lastSuccessfulBackup.completionTime",
    type = Type.DATE)
// Dates print as ages: "Recoverable From 28d" restores back to 28 days ago.
@AdditionalPrinterColumn(
    name = "Recoverable From",
    jsonPath = ".status.recoveryWindow.firstRecoverableTime",
    type = Type.DATE)
// A string, not a date: kubectl prints future dates as "<invalid>".
@AdditionalPrinterColumn(name = "Next Run", jsonPath = ".status.nextScheduleTime")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
    name = "Last Failure",
    jsonPath = ".status.lastFailedBackup.completionTime",
    type = Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Tx",
    jsonPath = ".status.lastSuccessfulBackup.lastTransactionId",
    type = Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Drill",
    jsonPath = ".status.lastDrill.time",
    type = Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Drill Passed",
    jsonPath = ".status.lastDrill.passed",
    type = Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Recoverable To",
    jsonPath = ".status.recoveryWindow.lastRecoverableTime",
    type = Type.DATE,
    priority = 1)
public class Neo4jBackupSchedule
    extends CustomResource<Neo4jBackupScheduleSpec, Neo4jBackupScheduleStatus>
    implements Namespaced { // Overridden only to describe them: the generator takes descriptions
  // from the getters.
  @Override
  @JsonPropertyDescription(
      "When to back up, the backups to take, how they form chains, and how long chains and"
          + " finished Neo4jBackup resources are kept.")
  @Required
  public Neo4jBackupScheduleSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the schedule has done and will do next. Written by the operator.")
  public Neo4jBackupScheduleStatus getStatus() {
    return super.getStatus();
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Neo4j StatefulSet, and the database in its data volume, that a restore replaces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget {

  @JsonPropertyDescription(
      "Name of the Neo4j StatefulSet in this namespace, as Neo4j's Helm chart installs it: one"
          + " replica (Neo4j Community does not cluster; more are refused with UnsupportedTarget),"
          + " its data volume from a volumeClaimTemplate mounted at /data (the chart mounts it with"
          + " `subPathExpr: data`; subPath and subPathExpr are honoured), so pod 0's data is the"
          + " claim `<template>-<statefulSet>-0`, or from one PersistentVolumeClaim volume (the"
          + " chart's `volume` mode). It is scaled to 0 for the restore and back to its replicas"
          + " afterwards.")
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String statefulSet;

  @JsonPropertyDescription(
      "Name to restore the database under (Neo4j's naming rules, lower-cased as Neo4j does);"
          + " default: the backup's own database. A name Neo4j does not know yet needs `CREATE"
          + " DATABASE name` once Neo4j runs.")
  @Pattern(Patterns.DATABASE_NAME)
  private String database;

  @JsonPropertyDescription(
      "Keep the replaced database folders beside the restored ones, as"
          + " `<database>.before-restore-<time>` (status.keptAside); false deletes them once the"
          + " restore is in place.")
  @Default("true")
  private Boolean keepPrevious;

  public String getStatefulSet() {
    return statefulSet;
  }

  public void setStatefulSet(String statefulSet) {
    this.statefulSet = statefulSet;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public Boolean getKeepPrevious() {
    return keepPrevious;
  }

  public void setKeepPrevious(Boolean keepPrevious) {
    this.keepPrevious = keepPrevious;
  }
}

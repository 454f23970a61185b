package io.neo4jbackup.helm;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;

/** The chart's CRDs as the API server holds them. */
final class Crds {

  static final List<String> NAMES =
      List.of(
          "neo4jbackups.neo4jbackup.io",
          "neo4jbackupschedules.neo4jbackup.io",
          "neo4jrestores.neo4jbackup.io");

  /** The files in the chart's files/crds/ that templates/crds.yaml includes. */
  static final List<String> FILES =
      List.of(
          "neo4jbackups.neo4jbackup.io-v1.yml",
          "neo4jbackupschedules.neo4jbackup.io-v1.yml",
          "neo4jrestores.neo4jbackup.io-v1.yml");

  private Crds() {}

  /** The CRD of that name, or null. */
  static CustomResourceDefinition get(ApiServer api, String name) {
    return api.client().apiextensions().v1().customResourceDefinitions().withName(name).get();
  }

  /** The top-level description of the stored CRD's first version's schema. */
  static String description(ApiServer api, String name) {
    return get(api, name)
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getDescription();
  }
}

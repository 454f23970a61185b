package io.neo4jbackup.api.crd;

import static io.neo4jbackup.api.crd.SampleResources.backup;
import static io.neo4jbackup.api.crd.SampleResources.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The committed CRDs install on a real API server, and kubectl knows the resources by them. */
@ExtendWith(ApiServerExtension.class)
class CrdInstallationIT {

  private static ApiServer api;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
  }

  @Test
  void bothCrdsAreEstablished() {
    assertThat(api.allEstablished()).isTrue();
  }

  /**
   * Also a tripwire: on a server with CEL this fails, and the CEL rules (a backup's spec cannot
   * change) deserve tests here.
   */
  @Test
  void theServerKeepsTheWholeSchemaButDropsTheCelRulesItPredates() {
    for (var resource : GenerateCrds.RESOURCES) {
      CustomResourceDefinition committed = api.committedCrd(resource);
      CustomResourceDefinition stored = api.storedCrd(resource);

      JsonNode sent = schema(committed);
      JsonNode kept = schema(stored);
      assertThat(kept.findParents("x-kubernetes-validations")).isEmpty();
      sent.findParents("x-kubernetes-validations")
          .forEach(p -> ((ObjectNode) p).remove("x-kubernetes-validations"));
      assertThat(kept).isEqualTo(sent);
      assertThat(columns(stored)).isEqualTo(columns(committed));
    }
  }

  @Test
  void kubectlExplainAnswersFromTheDescriptions() {
    assertThat(explain("neo4jbackup")).contains("Deleting it never deletes the backup files");
    assertThat(explain("neo4jbackup.spec.from"))
        .contains("single://HOST[:PORT]")
        .contains("6362 by default");
    assertThat(explain("neo4jbackupschedule.spec.chain.backupsPerChain"))
        .contains("the first is full, the others incremental");
  }

  @Test
  void shortNamesAndTheNeo4jCategoryListBothKinds() {
    String ns = api.namespace("names");
    api.client().resources(Neo4jBackup.class).inNamespace(ns).resource(backup("once")).create();
    api.client()
        .resources(Neo4jBackupSchedule.class)
        .inNamespace(ns)
        .resource(schedule("nightly", "@daily"))
        .create();

    assertThat(api.kubectl("get", "n4jb", "-n", ns)).contains("once");
    assertThat(api.kubectl("get", "n4jbs", "-n", ns)).contains("nightly");
    assertThat(api.kubectl("get", "neo4j", "-n", ns))
        .contains("neo4jbackup.neo4jbackup.io/once")
        .contains("neo4jbackupschedule.neo4jbackup.io/nightly");
  }

  private static String explain(String field) {
    return api.kubectl("explain", field).replaceAll("\\s+", " ");
  }

  private static JsonNode schema(CustomResourceDefinition crd) {
    return api.client()
        .getKubernetesSerialization()
        .convertValue(crd.getSpec().getVersions().get(0).getSchema(), JsonNode.class);
  }

  /** The columns as kubectl uses them (the server leaves out a priority of 0). */
  private static List<String> columns(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
        .map(
            c ->
                String.join(
                    " ",
                    c.getName(),
                    c.getJsonPath(),
                    c.getType(),
                    "priority=" + (c.getPriority() == null ? 0 : c.getPriority())))
        .toList();
  }
}

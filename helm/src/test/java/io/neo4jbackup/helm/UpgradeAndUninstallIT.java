package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm upgrade} changes the operator in place; {@code helm uninstall} removes the operator
 * and leaves the CRDs, the users' backup resources and their volumes alone. Each test has an API
 * server of its own: the release that installs the CRDs owns them.
 */
@ExtendWith(ApiServerExtension.class)
class UpgradeAndUninstallIT {

  private ApiServer api;
  private Releases releases;

  @BeforeEach
  void connect(ApiServer server) {
    api = server;
    releases = new Releases(api);
  }

  @Test
  void anUpgradeReconfiguresTheOperatorInPlace() {
    String namespace = "upgraded";
    String name = Releases.fullName("upgraded");
    api.namespace("databases");
    releases.install("upgraded", namespace, Map.of());
    String uid = deployment(namespace, name).getMetadata().getUid();

    Release upgraded =
        releases.upgrade(
            "upgraded",
            namespace,
            Map.of("engine.image.tag", "0.1.1", "watchNamespaces[0]", "databases"));

    assertThat(upgraded.getRevision()).isEqualTo("2");
    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    Deployment deployment = deployment(namespace, name);
    assertThat(deployment.getMetadata().getUid()).isEqualTo(uid);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("local/neo4j-backup-engine:0.1.1"))
        .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("databases"));
    // Switching to namespaced mode takes the cluster-wide rights away.
    assertThat(client().rbac().clusterRoleBindings().withName(name).get()).isNull();
    assertThat(client().rbac().roles().inNamespace("databases").withName(name).get()).isNotNull();
  }

  @Test
  void uninstallRemovesTheOperatorAndKeepsCrdsBackupResourcesAndVolumes() {
    String namespace = "removed";
    String name = Releases.fullName("removed");
    String data = api.namespace("removed-data");
    releases.install("removed", namespace, Map.of());
    List<HasMetadata> created =
        api.createExamples(data, "backup-once.yaml", "schedule-nightly.yaml");

    String output = releases.uninstall("removed", namespace);

    assertThat(deployment(namespace, name)).isNull();
    assertThat(client().serviceAccounts().inNamespace(namespace).withName(name).get()).isNull();
    assertThat(client().rbac().clusterRoles().withName(name).get()).isNull();
    assertThat(client().rbac().clusterRoleBindings().withName(name).get()).isNull();
    assertThat(client().services().inNamespace(namespace).withName(name + "-metrics").get())
        .isNull();
    for (String crd : Crds.NAMES) {
      CustomResourceDefinition kept = Crds.get(api, crd);
      assertThat(kept).as(crd).isNotNull();
      assertThat(kept.getMetadata().getDeletionTimestamp()).as(crd).isNull();
      assertThat(output).as("helm's report of what it kept").contains(crd);
    }
    for (HasMetadata object : created) {
      assertThat(client().resource(object).inNamespace(data).get())
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
  }

  @Test
  void aReinstallAfterAnUninstallTakesTheCrdsBackAndFindsTheBackupResourcesStillThere() {
    String data = api.namespace("reinstalled-data");
    releases.install("reinstalled", "reinstalled", Map.of());
    api.createExamples(data, "backup-once.yaml");
    releases.uninstall("reinstalled", "reinstalled");

    Release again = releases.install("reinstalled", "reinstalled", Map.of());

    assertThat(again.getStatus()).isEqualTo("deployed");
    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd).getMetadata().getAnnotations())
          .as(crd)
          .containsEntry("meta.helm.sh/release-name", "reinstalled");
    }
    List<GenericKubernetesResource> backups =
        client()
            .genericKubernetesResources("neo4jbackup.io/v1alpha1", "Neo4jBackup")
            .inNamespace(data)
            .list()
            .getItems();
    assertThat(backups)
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("neo4j-manual-1");
  }

  private Deployment deployment(String namespace, String name) {
    return client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private KubernetesClient client() {
    return api.client();
  }
}

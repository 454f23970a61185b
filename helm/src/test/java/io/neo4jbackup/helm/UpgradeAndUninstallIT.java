package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code helm upgrade} changes the operator in place; {@code helm uninstall} removes the operator
 * and leaves the CRDs, the users' backup resources and their volumes alone.
 */
@ExtendWith(ApiServerExtension.class)
class UpgradeAndUninstallIT {

  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir")).normalize();

  private static ApiServer api;
  private static Releases releases;

  @BeforeAll
  static void connect(ApiServer server) {
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
    List<HasMetadata> created = apply(data, "backup-once.yaml", "schedule-nightly.yaml");

    releases.uninstall("removed", namespace);

    assertThat(deployment(namespace, name)).isNull();
    assertThat(client().serviceAccounts().inNamespace(namespace).withName(name).get()).isNull();
    assertThat(client().rbac().clusterRoles().withName(name).get()).isNull();
    assertThat(client().rbac().clusterRoleBindings().withName(name).get()).isNull();
    assertThat(client().services().inNamespace(namespace).withName(name + "-metrics").get())
        .isNull();
    for (String crd : List.of("neo4jbackups", "neo4jbackupschedules")) {
      assertThat(
              client()
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName(crd + ".neo4jbackup.io")
                  .get())
          .as(crd)
          .isNotNull();
    }
    for (HasMetadata object : created) {
      assertThat(client().resource(object).inNamespace(data).get())
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
  }

  @Test
  void aReinstallAfterAnUninstallFindsTheBackupResourcesStillThere() {
    String data = api.namespace("reinstalled-data");
    releases.install("reinstalled", "reinstalled", Map.of());
    apply(data, "backup-once.yaml");
    releases.uninstall("reinstalled", "reinstalled");

    Release again = releases.install("reinstalled", "reinstalled", Map.of());

    assertThat(again.getStatus()).isEqualTo("deployed");
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

  /** Creates the objects of example files from examples/ in a namespace. */
  private static List<HasMetadata> apply(String namespace, String... examples) {
    List<HasMetadata> created = new ArrayList<>();
    for (String example : examples) {
      try (InputStream yaml = Files.newInputStream(EXAMPLES.resolve(example))) {
        for (HasMetadata object : client().load(yaml).items()) {
          // Both examples bring a claim of the same name: the first one made is kept.
          HasMetadata existing = client().resource(object).inNamespace(namespace).get();
          created.add(
              existing != null
                  ? existing
                  : client().resource(object).inNamespace(namespace).create());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return created;
  }

  private static Deployment deployment(String namespace, String name) {
    return client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static KubernetesClient client() {
    return api.client();
  }
}

package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code helm install} with the default values on a real API server of this class's own. */
@ExtendWith(ApiServerExtension.class)
class ClusterWideInstallIT {

  private static final String RELEASE = "backups";
  private static final String NAMESPACE = "neo4j-backup";
  private static final String NAME = Releases.fullName(RELEASE);

  private static ApiServer api;
  private static Release release;

  @BeforeAll
  static void install(ApiServer server) {
    api = server;
    release = new Releases(api).install(RELEASE, NAMESPACE, Map.of());
  }

  @Test
  void theReleaseIsDeployed() {
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(release.getAppVersion()).isEqualTo(Chart.appVersion());
  }

  @Test
  void theCrdsFromTheChartAreInstalledAndEstablishedAsTheReleasesKeptOnUninstall() {
    for (String crd : Crds.NAMES) {
      CustomResourceDefinition stored = Crds.get(api, crd);
      assertThat(stored).as(crd).isNotNull();
      assertThat(stored.getStatus().getConditions())
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Established");
                assertThat(c.getStatus()).isEqualTo("True");
              });
      assertThat(stored.getMetadata().getAnnotations())
          .as(crd)
          .containsEntry("meta.helm.sh/release-name", RELEASE)
          .containsEntry("meta.helm.sh/release-namespace", NAMESPACE)
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(stored.getMetadata().getLabels())
          .as(crd)
          .containsEntry("app.kubernetes.io/managed-by", "Helm");
    }
  }

  /**
   * {@code helm test} creates its pod, which the API server accepts as the chart wrote it. Nothing
   * runs pods here, so the test itself times out: e2e/run runs it against a real operator.
   */
  @Test
  void helmTestCreatesTheRestrictedReadyzPodWhichInstallDidNot() {
    String name = NAME + "-test-readyz";
    assertThat(client().pods().inNamespace(NAMESPACE).withName(name).get()).isNull();

    assertThatThrownBy(() -> new Releases(api).test(RELEASE, NAMESPACE, 3))
        .isInstanceOf(IllegalStateException.class);

    Pod pod = client().pods().inNamespace(NAMESPACE).withName(name).get();
    assertThat(pod).isNotNull();
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getImage()).isEqualTo("local/neo4j-backup-operator:" + Chart.appVersion());
    // The metrics Service selects the operator's pods by name and instance: never this one.
    assertThat(pod.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/name");
  }

  @Test
  void theApiServerStoredTheOperatorsDeploymentAccountRbacAndService() {
    Deployment deployment =
        client().apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();

    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .contains("ENGINE_IMAGE", "WATCH_NAMESPACES", "CLUSTER_DOMAIN", "METRICS_PORT");
    assertThat(client().serviceAccounts().inNamespace(NAMESPACE).withName(NAME).get()).isNotNull();
    assertThat(client().services().inNamespace(NAMESPACE).withName(NAME + "-metrics").get())
        .isNotNull();
    assertThat(client().rbac().clusterRoles().withName(NAME).get()).isNotNull();
    assertThat(client().rbac().clusterRoleBindings().withName(NAME).get()).isNotNull();
  }

  @Test
  void theOperatorMayDoWhatItNeedsInEveryNamespace() {
    for (String namespace : new String[] {NAMESPACE, "databases", "any-other"}) {
      assertThat(OperatorAccess.NEEDED)
          .as("in %s", namespace)
          .allMatch(p -> api.allows(NAME, NAMESPACE, p, namespace));
    }
    assertThat(api.allows(NAME, NAMESPACE, "neo4jbackup.io/neo4jbackups:watch", "")).isTrue();
  }

  @Test
  void theOperatorMayDoNothingItDoesNotNeed() {
    assertThat(OperatorAccess.NOT_NEEDED)
        .noneMatch(p -> api.allows(NAME, NAMESPACE, p, "databases"))
        .noneMatch(p -> api.allows(NAME, NAMESPACE, p, ""));
  }

  /**
   * A person bound, in one namespace, to the role the chart adds to Kubernetes' edit role may use
   * backups and schedules there, and gains nothing else with it: no pods, Jobs or Secrets, no
   * status writes, nothing in other namespaces. (Aggregation into edit needs the controller
   * manager, which does not run here: the test binds the chart's role itself.)
   */
  @Test
  void aNamespaceUserWithTheEditRoleMayUseBackupsThereAndNothingMore() {
    api.namespace("team-a");
    api.namespace("team-b");
    client()
        .rbac()
        .roleBindings()
        .inNamespace("team-a")
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("alice-backups")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(NAME + "-edit")
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("alice")
                .endSubject()
                .build())
        .create();

    assertThat(UserAccess.EDIT).allMatch(p -> api.allowsUser("alice", p, "team-a"));
    assertThat(UserAccess.NOT_GRANTED).noneMatch(p -> api.allowsUser("alice", p, "team-a"));
    assertThat(UserAccess.EDIT).noneMatch(p -> api.allowsUser("alice", p, "team-b"));
  }

  private static KubernetesClient client() {
    return api.client();
  }
}

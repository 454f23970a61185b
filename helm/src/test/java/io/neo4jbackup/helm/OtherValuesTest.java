package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values other than the defaults reach the rendered objects. */
class OtherValuesTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void imagesFromYourRegistryByTagOrDigest() {
    Rendered chart =
        Chart.render(
            Map.of(
                "image.repository", "registry.example.com:5000/backup/operator",
                "image.tag", "0.1.0-rc1",
                "image.pullPolicy", "Always",
                "engine.image.repository", "registry.example.com:5000/backup/engine",
                "engine.image.tag", "ignored-when-a-digest-is-set",
                "engine.image.digest", DIGEST,
                "engine.image.pullPolicy", "Never"));

    assertThat(chart.operatorContainer().getImage())
        .isEqualTo("registry.example.com:5000/backup/operator:0.1.0-rc1");
    assertThat(chart.operatorContainer().getImagePullPolicy()).isEqualTo("Always");
    assertThat(chart.environment())
        .containsEntry("ENGINE_IMAGE", "registry.example.com:5000/backup/engine@" + DIGEST)
        .containsEntry("ENGINE_IMAGE_PULL_POLICY", "Never");
  }

  @Test
  void theEnginesServiceAccountAndSecurityContextsReachTheOperator() {
    Rendered chart =
        Chart.render(
            Map.of(
                "engine.serviceAccountName", "neo4j-backup",
                "engine.podSecurityContext.runAsUser", "1000680000",
                "engine.podSecurityContext.fsGroup", "null",
                "engine.securityContext.seccompProfile.type", "RuntimeDefault"));

    assertThat(chart.environment())
        .containsEntry("ENGINE_SERVICE_ACCOUNT", "neo4j-backup")
        .hasEntrySatisfying(
            "ENGINE_POD_SECURITY_CONTEXT",
            json ->
                assertThat(json)
                    .contains("\"runAsUser\":1000680000")
                    .contains("\"runAsNonRoot\":true")
                    .doesNotContain("fsGroup\""))
        .hasEntrySatisfying(
            "ENGINE_SECURITY_CONTEXT",
            json ->
                assertThat(json)
                    .contains("\"seccompProfile\":{\"type\":\"RuntimeDefault\"}")
                    .contains("\"readOnlyRootFilesystem\":true"));
  }

  @Test
  void aServiceMonitorScrapesTheMetricsServicesPort() {
    Rendered chart =
        Chart.render(
            Map.of(
                "metrics.serviceMonitor.enabled", "true",
                "metrics.serviceMonitor.labels.release", "prometheus",
                "metrics.serviceMonitor.interval", "1m",
                "metrics.serviceMonitor.scrapeTimeout", "20s"));

    GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class);
    Service service = chart.one(Service.class);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat((List<String>) monitor.get("spec", "namespaceSelector", "matchNames"))
        .containsExactly(Chart.NAMESPACE);
    Map<String, Object> endpoint = monitor.get("spec", "endpoints", 0);
    assertThat(endpoint)
        .containsEntry("port", "metrics")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "1m")
        .containsEntry("scrapeTimeout", "20s");
  }

  @Test
  void theMetricsPortIsTheContainersTheOperatorsAndTheServicesTarget() {
    Rendered chart = Chart.render(Map.of("metrics.port", "9090", "metrics.service.port", "80"));

    assertThat(chart.environment()).containsEntry("METRICS_PORT", "9090");
    assertThat(chart.operatorContainer().getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo("metrics");
  }

  @Test
  void anExistingServiceAccountIsUsedAndNotCreated() {
    Rendered chart =
        Chart.render(Map.of("serviceAccount.create", "false", "serviceAccount.name", "backup-op"));

    assertThat(chart.all(ServiceAccount.class)).isEmpty();
    assertThat(chart.deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("backup-op");
    assertThat(chart.one(ClusterRoleBinding.class).getSubjects().get(0).getName())
        .isEqualTo("backup-op");
  }

  @Test
  void anExistingServiceAccountMustBeNamed() {
    assertThatThrownBy(() -> Chart.render(Map.of("serviceAccount.create", "false")))
        .hasMessageContaining(
            "serviceAccount.name is required when serviceAccount.create is false");
  }

  @Test
  void rbacCanBeLeftToTheClusterAdministrator() {
    Rendered chart =
        Chart.render(Map.of("rbac.create", "false", "rbac.aggregateToDefaultRoles", "false"));

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(chart.all(RoleBinding.class)).isEmpty();
  }

  @Test
  void schedulingAndPodMetadataReachThePod() {
    Rendered chart =
        Chart.render(
            Map.of(
                "nodeSelector.kubernetes\\.io/os",
                "linux",
                "tolerations[0].key",
                "dedicated",
                "tolerations[0].operator",
                "Exists",
                "affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                    + ".nodeSelectorTerms[0].matchExpressions[0].key",
                "pool",
                "priorityClassName",
                "system-cluster-critical",
                "podLabels.team",
                "data",
                "podAnnotations.example\\.com/owner",
                "dba",
                "imagePullSecrets[0].name",
                "registry-credentials"));

    PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations().get(0).getKey()).isEqualTo("dedicated");
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getKey())
        .isEqualTo("pool");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getImagePullSecrets().get(0).getName()).isEqualTo("registry-credentials");
    var template = chart.deployment().getSpec().getTemplate().getMetadata();
    assertThat(template.getLabels()).containsEntry("team", "data");
    assertThat(template.getAnnotations()).containsEntry("example.com/owner", "dba");
    assertThat(chart.deployment().getSpec().getSelector().getMatchLabels())
        .doesNotContainKey("team");
  }

  @Test
  void extraEnvironmentAndJvmOptionsReachTheOperator() {
    Rendered chart =
        Chart.render(
            Map.of(
                "extraEnv[0].name", "JAVA_OPTS_EXTRA",
                "extraEnv[0].value", "x",
                "javaOptions", "-Xmx300m",
                "clusterDomain", "corp.example"));

    assertThat(chart.environment())
        .containsEntry("JAVA_OPTS_EXTRA", "x")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx300m")
        .containsEntry("CLUSTER_DOMAIN", "corp.example");
    assertThat(Chart.render(Map.of("javaOptions", "")).environment())
        .doesNotContainKey("JAVA_TOOL_OPTIONS");
  }

  @Test
  void aReleaseNamedLikeTheChartGivesItsObjectsThatName() {
    Rendered chart = Chart.render("neo4j-backup-operator", Map.of());

    assertThat(chart.deployment().getMetadata().getName()).isEqualTo("neo4j-backup-operator");
  }

  @Test
  void namesFollowTheOverrides() {
    Rendered chart = Chart.render(Map.of("fullnameOverride", "backup-operator"));

    assertThat(chart.deployment().getMetadata().getName()).isEqualTo("backup-operator");
    assertThat(chart.one(Service.class).getMetadata().getName())
        .isEqualTo("backup-operator-metrics");
    assertThat(chart.one(ServiceAccount.class).getMetadata().getName())
        .isEqualTo("backup-operator");
  }
}

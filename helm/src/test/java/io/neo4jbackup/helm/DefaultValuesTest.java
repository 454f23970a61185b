package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code helm install} creates when the user sets nothing. */
class DefaultValuesTest {

  private static final Rendered CHART = Chart.render();

  @Test
  void installsTheCrdsTheOperatorItsAccountRbacAndMetricsServiceOnly() {
    assertThat(CHART.identities())
        .containsExactly(
            "ClusterRole//" + Chart.FULL_NAME,
            "ClusterRole//" + Chart.FULL_NAME + "-edit",
            "ClusterRole//" + Chart.FULL_NAME + "-view",
            "ClusterRoleBinding//" + Chart.FULL_NAME,
            "CustomResourceDefinition//neo4jbackups.neo4jbackup.io",
            "CustomResourceDefinition//neo4jbackupschedules.neo4jbackup.io",
            "CustomResourceDefinition//neo4jrestores.neo4jbackup.io",
            "Deployment/" + Chart.NAMESPACE + "/" + Chart.FULL_NAME,
            "Service/" + Chart.NAMESPACE + "/" + Chart.FULL_NAME + "-metrics",
            "ServiceAccount/" + Chart.NAMESPACE + "/" + Chart.FULL_NAME);
  }

  @Test
  void oneOperatorRunsAtATimeAndAnUpgradeStopsTheOldOneFirst() {
    Deployment deployment = CHART.deployment();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void bothImagesDefaultToTheChartsAppVersionWithoutARegistryHost() {
    String version = Chart.appVersion();

    assertThat(CHART.operatorContainer().getImage())
        .isEqualTo("local/neo4j-backup-operator:" + version);
    assertThat(CHART.operatorContainer().getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(CHART.environment())
        .containsEntry("ENGINE_IMAGE", "local/neo4j-backup-engine:" + version)
        .containsEntry("ENGINE_IMAGE_PULL_POLICY", "IfNotPresent");
  }

  @Test
  void engineJobsRunAsTheNamespacesDefaultAccountWithTheOperatorsRestrictedContexts() {
    Map<String, String> environment = CHART.environment();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();

    assertThat(environment).containsEntry("ENGINE_SERVICE_ACCOUNT", "");
    assertThat(json.convertValue(read(environment.get("ENGINE_POD_SECURITY_CONTEXT")), Map.class))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", 7474)
        .containsEntry("runAsGroup", 7474)
        .containsEntry("fsGroup", 7474)
        .containsEntry("fsGroupChangePolicy", "OnRootMismatch")
        .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
    assertThat(json.convertValue(read(environment.get("ENGINE_SECURITY_CONTEXT")), Map.class))
        .containsEntry("runAsNonRoot", true)
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("capabilities", Map.of("drop", List.of("ALL")));
  }

  private static com.fasterxml.jackson.databind.JsonNode read(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @Test
  void theOperatorWatchesAllNamespacesInTheDefaultClusterDomain() {
    assertThat(CHART.environment())
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("CLUSTER_DOMAIN", "cluster.local")
        .containsEntry("METRICS_PORT", "8080");
  }

  @Test
  void thePodRunsAsNonRootWithTheRuntimesSeccompProfile() {
    PodSpec pod = CHART.deployment().getSpec().getTemplate().getSpec();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNull();
    assertThat(pod.getHostPID()).isNull();
  }

  @Test
  void theContainerHasAReadOnlyRootNoPrivilegeEscalationAndNoCapabilities() {
    Container operator = CHART.operatorContainer();

    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(operator.getSecurityContext().getPrivileged()).isNull();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
  }

  @Test
  void theJvmWritesOnlyToATmpVolume() {
    PodSpec pod = CHART.deployment().getSpec().getTemplate().getSpec();

    assertThat(CHART.operatorContainer().getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  @Test
  void theContainerHasCpuAndMemoryRequestsAndLimits() {
    Map<String, Quantity> requests = CHART.operatorContainer().getResources().getRequests();
    Map<String, Quantity> limits = CHART.operatorContainer().getResources().getLimits();

    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKeys("cpu", "memory");
    assertThat(Quantity.getAmountInBytes(limits.get("memory")))
        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
    assertThat(CHART.environment()).containsKey("JAVA_TOOL_OPTIONS");
  }

  @Test
  void probesAskTheOperatorsHealthAndReadinessOnTheMetricsPort() {
    Container operator = CHART.operatorContainer();

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("metrics");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("metrics");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void theMetricsServiceSelectsTheOperatorPod() {
    Service service = CHART.one(Service.class);
    Map<String, String> podLabels =
        CHART.deployment().getSpec().getTemplate().getMetadata().getLabels();

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .extracting(ServicePort::getName, p -> p.getTargetPort().getStrVal(), ServicePort::getPort)
        .containsExactly("metrics", "metrics", 8080);
  }

  @Test
  void theOperatorRunsAsItsOwnServiceAccountBoundToItsClusterRole() {
    ServiceAccount account = CHART.one(ServiceAccount.class);
    ClusterRoleBinding binding = CHART.one(ClusterRoleBinding.class);

    assertThat(CHART.deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(Chart.FULL_NAME);
    assertThat(binding.getSubjects())
        .singleElement()
        .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
        .containsExactly("ServiceAccount", account.getMetadata().getName(), Chart.NAMESPACE);
    assertThat(CHART.all(Role.class)).isEmpty();
    assertThat(CHART.all(RoleBinding.class)).isEmpty();
  }

  @Test
  void theOperatorsClusterRoleGrantsWhatItNeedsAndNothingElse() {
    ClusterRole role = operatorClusterRole();

    assertThat(OperatorAccess.grantedBy(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(OperatorAccess.NEEDED);
    assertThat(role.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*");
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getResourceNames()).isNullOrEmpty();
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
  }

  @Test
  void editorsOfANamespaceMayManageItsBackupsAndViewersMayReadThem() {
    ClusterRole edit = clusterRole(Chart.FULL_NAME + "-edit");
    ClusterRole view = clusterRole(Chart.FULL_NAME + "-view");

    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    assertThat(OperatorAccess.grantedBy(edit.getRules()))
        .containsExactlyInAnyOrderElementsOf(UserAccess.EDIT);
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(OperatorAccess.grantedBy(view.getRules()))
        .containsExactlyInAnyOrderElementsOf(UserAccess.VIEW);
    assertThat(CHART.one(ClusterRoleBinding.class).getRoleRef().getName())
        .isNotIn(edit.getMetadata().getName(), view.getMetadata().getName());
  }

  @Test
  void noServiceMonitorUnlessAskedFor() {
    assertThat(CHART.objects()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
  }

  @Test
  void everyObjectCarriesTheStandardLabelsAndNamespacedOnesLiveInTheReleaseNamespace() {
    for (HasMetadata object : CHART.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as(object.getKind())
          .containsEntry("app.kubernetes.io/name", "neo4j-backup-operator")
          .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", Chart.appVersion());
      boolean clusterScoped =
          object.getKind().startsWith("Cluster")
              || object.getKind().equals("CustomResourceDefinition");
      assertThat(object.getMetadata().getNamespace())
          .as(object.getKind())
          .isEqualTo(clusterScoped ? null : Chart.NAMESPACE);
    }
  }

  private static ClusterRole operatorClusterRole() {
    return clusterRole(Chart.FULL_NAME);
  }

  private static ClusterRole clusterRole(String name) {
    List<ClusterRole> named =
        CHART.all(ClusterRole.class).stream()
            .filter(r -> r.getMetadata().getName().equals(name))
            .toList();
    assertThat(named).hasSize(1);
    return named.get(0);
  }
}

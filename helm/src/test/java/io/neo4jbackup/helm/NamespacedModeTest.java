package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With watchNamespaces set, the operator gets Roles in those namespaces and nothing cluster-wide.
 */
class NamespacedModeTest {

  private static final Rendered CHART =
      Chart.render(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));

  @Test
  void theOperatorIsToldWhichNamespacesToWatch() {
    assertThat(CHART.environment()).containsEntry("WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void eachWatchedNamespaceGetsARoleWithTheOperatorsRulesBoundToItsServiceAccount() {
    assertThat(CHART.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("team-a", "team-b");
    assertThat(CHART.all(Role.class))
        .allSatisfy(
            role ->
                assertThat(OperatorAccess.grantedBy(role.getRules()))
                    .containsExactlyInAnyOrderElementsOf(OperatorAccess.NEEDED));
    assertThat(CHART.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactly("team-a", "team-b");
    assertThat(CHART.all(RoleBinding.class))
        .allSatisfy(
            binding -> {
              assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(binding.getRoleRef().getName()).isEqualTo(Chart.FULL_NAME);
              assertThat(binding.getSubjects())
                  .singleElement()
                  .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                  .containsExactly("ServiceAccount", Chart.FULL_NAME, Chart.NAMESPACE);
            });
  }

  @Test
  void nothingClusterWideIsGrantedToTheOperator() {
    assertThat(CHART.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(CHART.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(Chart.FULL_NAME);
  }

  @Test
  void withoutTheUserRolesAndTheCrdsNoClusterScopedObjectIsRenderedAtAll() {
    Rendered chart =
        Chart.render(
            Map.of(
                "watchNamespaces[0]", "team-a",
                "rbac.aggregateToDefaultRoles", "false",
                "crds.create", "false"));

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.objects())
        .extracting(HasMetadata::getMetadata)
        .allSatisfy(m -> assertThat(m.getNamespace()).isIn(Chart.NAMESPACE, "team-a"));
  }
}

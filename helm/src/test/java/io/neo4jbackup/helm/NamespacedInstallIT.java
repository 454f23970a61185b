package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code helm install} in namespaced mode: the operator may act in its watched namespaces only. */
@ExtendWith(ApiServerExtension.class)
class NamespacedInstallIT {

  private static final String RELEASE = "scoped";
  private static final String NAMESPACE = "backup-operators";
  private static final String NAME = Releases.fullName(RELEASE);

  private static ApiServer api;

  @BeforeAll
  static void install(ApiServer server) {
    api = server;
    api.namespace("team-a");
    api.namespace("team-b");
    new Releases(api)
        .install(
            RELEASE,
            NAMESPACE,
            Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
  }

  @Test
  void theOperatorMayDoWhatItNeedsInTheWatchedNamespaces() {
    for (String namespace : new String[] {"team-a", "team-b"}) {
      assertThat(OperatorAccess.NEEDED)
          .as("in %s", namespace)
          .allMatch(p -> api.allows(NAME, NAMESPACE, p, namespace));
    }
  }

  @Test
  void theOperatorMayDoNothingElsewhereNorClusterWide() {
    for (String namespace : new String[] {"team-c", NAMESPACE, "default", ""}) {
      assertThat(OperatorAccess.NEEDED)
          .as("in %s", namespace.isEmpty() ? "the whole cluster" : namespace)
          .noneMatch(p -> api.allows(NAME, NAMESPACE, p, namespace));
    }
  }

  @Test
  void theOperatorMayDoNothingItDoesNotNeedInTheWatchedNamespaces() {
    assertThat(OperatorAccess.NOT_NEEDED).noneMatch(p -> api.allows(NAME, NAMESPACE, p, "team-a"));
  }

  @Test
  void nothingClusterWideIsBoundToTheOperator() {
    List<Subject> subjects =
        api.client().rbac().clusterRoleBindings().list().getItems().stream()
            .filter(b -> b.getSubjects() != null)
            .flatMap(b -> b.getSubjects().stream())
            .toList();

    assertThat(subjects)
        .noneMatch(s -> NAME.equals(s.getName()) && NAMESPACE.equals(s.getNamespace()));
  }
}

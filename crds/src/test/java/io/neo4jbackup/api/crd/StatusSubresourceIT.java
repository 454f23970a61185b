package io.neo4jbackup.api.crd;

import static io.neo4jbackup.api.crd.SampleResources.backup;
import static io.neo4jbackup.api.crd.SampleResources.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Status is a subresource: the operator writes it apart from the spec, users cannot write it. */
@ExtendWith(ApiServerExtension.class)
class StatusSubresourceIT {

  private static ApiServer api;
  private static String ns;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
    ns = api.namespace("status");
  }

  @Test
  void theOperatorWritesStatusWithoutChangingSpecOrGeneration() {
    Neo4jBackup created = backups().resource(backup("written")).create();
    created.setStatus(succeeded(48213L));

    backups().resource(created).updateStatus();

    Neo4jBackup stored = backups().withName("written").get();
    assertThat(stored.getStatus().getPhase()).isEqualTo(BackupPhase.Succeeded);
    assertThat(stored.getStatus().getLastTransactionId()).isEqualTo(48213L);
    assertThat(stored.getStatus().getStoreId()).isEqualTo("c0ffee-1");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(stored.getSpec().getFrom()).isEqualTo("single://neo4j");
  }

  @Test
  void statusSentWithTheResourceIsIgnored() {
    Neo4jBackup backup = backup("ignored");
    backup.setStatus(succeeded(1L));

    Neo4jBackup created = backups().resource(backup).create();

    assertThat(created.getStatus()).isNull();
  }

  @Test
  void statusValuesOutsideTheFixedSetsAreRejected() {
    backups().resource(backup("unknown-phase")).create();
    GenericKubernetesResource generic =
        api.client()
            .genericKubernetesResources("neo4jbackup.io/v1alpha1", "Neo4jBackup")
            .inNamespace(ns)
            .withName("unknown-phase")
            .get();
    generic.setAdditionalProperty("status", Map.of("phase", "Done", "failureReason", "Oops"));

    KubernetesClientException rejection =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> api.client().resource(generic).inNamespace(ns).updateStatus());

    assertThat(rejection).isNotNull();
    assertThat(rejection.getCode()).isEqualTo(422);
    assertThat(rejection.getStatus().getMessage())
        .contains("status.phase", "Unsupported value: \"Done\"")
        .contains("status.failureReason", "Unsupported value: \"Oops\"");
  }

  private static NonNamespaceOperation<Neo4jBackup, ?, Resource<Neo4jBackup>> backups() {
    return api.client().resources(Neo4jBackup.class).inNamespace(ns);
  }
}

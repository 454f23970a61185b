package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.api.v1alpha1.RestoreTarget;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.TestingApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restore against a real kube-apiserver 1.20.2 with the committed CRDs, which validates what the
 * mock server does not: the restore Job the operator builds (two claims, one read-only, a subPath),
 * the merge patches of the StatefulSet's replicas, every status it writes (against the CRD's
 * schema, on the status subresource), its finalizer and Events. No controllers run here: the test
 * writes the Job's, the pod's and the StatefulSet's status, and no StatefulSet pod ever exists.
 */
class Neo4jRestoreApiServerIT {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static KubeAPIServer server;
  private static KubernetesClient client;
  private static TestingNeo4jCluster cluster;
  private static Operator operator;

  @BeforeAll
  static void start() {
    server = TestingApi.startApiServer();
    client = TestingApi.clientWithCrds(server, TIMEOUT);
    TestingApi.createNamespace(client, NAMESPACE);
    client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    cluster = new TestingNeo4jCluster(client, NAMESPACE);
    cluster.claim("backups");
    cluster.neo4j("graph", 1, false);
    operator =
        Main.operator(
            client,
            new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local"),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aRestoreGoesThroughEveryStepWithJobsPatchesAndStatusesTheApiServerAccepts()
      throws IOException {
    Neo4jRestore restore = new Neo4jRestore();
    restore.setMetadata(
        new ObjectMetaBuilder().withName("restore").withNamespace(NAMESPACE).build());
    Neo4jRestoreSpec spec = new Neo4jRestoreSpec();
    spec.setSource(new RestoreSource());
    spec.getSource().setClaimName("backups");
    spec.getSource().setPath("neo4j/prod");
    spec.getSource().setUntil("2026-12-05T14:04:59Z");
    spec.setTarget(new RestoreTarget());
    spec.getTarget().setStatefulSet("graph");
    restore.setSpec(spec);
    client.resource(restore).create();

    Job job = await().atMost(TIMEOUT).until(() -> cluster.job("restore"), Objects::nonNull);
    assertThat(cluster.statefulSet("graph").getSpec().getReplicas()).isZero();
    await()
        .atMost(TIMEOUT)
        .until(Neo4jRestoreApiServerIT::status, s -> s.getPhase() == RestorePhase.Restoring);
    assertThat(restoreResource().getMetadata().getFinalizers())
        .containsExactly("neo4jrestores.neo4jbackup.io/finalizer");

    cluster.finishJob(
        job, 0, Files.readString(Path.of("../engine/contract/golden/restore-succeeded.json")));
    await().atMost(TIMEOUT).until(() -> cluster.statefulSet("graph").getSpec().getReplicas() == 1);
    cluster.ready("graph");

    Neo4jRestoreStatus done =
        await()
            .atMost(TIMEOUT)
            .until(
                Neo4jRestoreApiServerIT::status,
                s -> s != null && s.getPhase() == RestorePhase.Succeeded);
    assertThat(done.getLastTransactionId()).isEqualTo(1171);
    assertThat(done.getKeptAside()).hasSize(2);
    assertThat(done.getStoppingTime()).isNotNull();
    assertThat(done.getRestoringTime()).isNotNull();
    assertThat(done.getStartingTime()).isNotNull();
    List<String> reasons =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(e -> "Neo4jRestore".equals(e.getInvolvedObject().getKind()))
                        .map(Event::getReason)
                        .toList(),
                r -> r.contains("RestoreSucceeded"));
    assertThat(reasons)
        .contains("RestoreStopping", "RestoreRestoring", "RestoreStarting", "RestoreSucceeded");

    client.resource(restoreResource()).delete();
    await().atMost(TIMEOUT).until(() -> restoreResource() == null);
  }

  private static Neo4jRestore restoreResource() {
    return client.resources(Neo4jRestore.class).inNamespace(NAMESPACE).withName("restore").get();
  }

  private static Neo4jRestoreStatus status() {
    Neo4jRestore restore = restoreResource();
    return restore == null ? null : restore.getStatus();
  }
}

package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

/**
 * Fabric8's mock API server in CRUD mode with the project's CRDs, and the schedule reconciler
 * (alone: no Neo4jBackup reconciler runs, so the tests write backup and Job statuses themselves)
 * running against it on a {@link TestingClock}.
 */
final class TestingScheduleCluster implements AutoCloseable {

  static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  private static final Path CRDS = Path.of("..", "helm", "neo4j-backup-operator", "crds");

  /** The mock server logs every request at INFO; held here so the setting is not collected. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final TestingClock clock;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Operator operator;

  TestingScheduleCluster(TestingClock clock, String namespace) {
    this.clock = clock;
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
    for (String file :
        List.of(
            "neo4jbackups.neo4jbackup.io-v1.yml", "neo4jbackupschedules.neo4jbackup.io-v1.yml")) {
      try (InputStream crd = Files.newInputStream(CRDS.resolve(file))) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the CRD " + CRDS.resolve(file), e);
      }
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  KubernetesClient client() {
    return client;
  }

  SimpleMeterRegistry meters() {
    return meters;
  }

  int requests() {
    return server.getRequestCount();
  }

  /** Starts the operator (again, after {@link #stopOperator}): a fresh process's view. */
  void startOperator() {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    Main.register(
        operator,
        CONFIG,
        new Neo4jBackupScheduleReconciler(
            CONFIG, new ScheduleMetrics(meters), clock, Duration.ofMillis(200)),
        c -> c.withTriggerReconcilerOnAllEvents(true));
    operator.start();
  }

  void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  @Override
  public void close() {
    stopOperator();
    client.close();
    server.destroy();
  }
}

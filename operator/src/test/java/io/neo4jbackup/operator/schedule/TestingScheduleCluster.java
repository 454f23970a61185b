package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import io.neo4jbackup.operator.TestingApi;
import java.time.Duration;

/**
 * Fabric8's mock API server in CRUD mode with the project's CRDs, and the schedule reconciler
 * (alone: no Neo4jBackup reconciler runs, so the tests write backup and Job statuses themselves)
 * running against it on a {@link TestingClock}.
 */
final class TestingScheduleCluster implements AutoCloseable {

  static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final TestingClock clock;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Operator operator;

  TestingScheduleCluster(TestingClock clock, String namespace) {
    this.clock = clock;
    server = TestingApi.mockServer();
    client = server.createClient();
    TestingApi.installCrds(client, TestingApi.CRDS);
    TestingApi.createNamespace(client, namespace);
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

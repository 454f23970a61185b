package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import java.time.Clock;

/** The operator as {@link Main} assembles it, running against a {@link TestingCluster}. */
final class TestingOperator implements AutoCloseable {

  static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup-engine:0.1.0", "cluster.local");

  private final Operator operator;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  TestingOperator(KubernetesClient client) {
    operator = Main.operator(client, CONFIG, meters, Clock.systemUTC());
    operator.start();
  }

  SimpleMeterRegistry meters() {
    return meters;
  }

  @Override
  public void close() {
    operator.stop();
  }
}

package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.HttpEndpoints;
import io.neo4jbackup.operator.Main;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} of an operator on the mock API. */
class HttpEndpointsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private TestingCluster cluster;
  private Operator operator;
  private HttpEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    cluster = new TestingCluster();
    operator = Main.operator(cluster.client(), TestingOperator.CONFIG, meters, Clock.systemUTC());
    endpoints = HttpEndpoints.start(0, meters, operator);
  }

  @AfterEach
  void stop() {
    endpoints.stop();
    operator.stop();
    cluster.close();
  }

  @Test
  void isNotReadyUntilTheOperatorStartedButAliveMeanwhile() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    operator.start();

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void servesTheFrameworksAndTheBackupsMetricsInPrometheusFormat() throws Exception {
    cluster.namespaceWithClaim("graph", "backups");
    operator.start();
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace("graph").build());
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j:99999");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j");
    spec.setTarget(target);
    backup.setSpec(spec);
    cluster.client().resource(backup).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> get("/metrics").body(),
            body ->
                body.contains(
                    "neo4j_backup_failed_total{namespace=\"graph\",reason=\"InvalidSpec\"} 1.0"));
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body()).contains("operator_sdk_reconciliations");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

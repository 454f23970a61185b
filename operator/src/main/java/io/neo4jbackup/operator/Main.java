package io.neo4jbackup.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neo4jbackup.operator.OperatorConfigLoader.InvalidConfigurationException;
import io.neo4jbackup.operator.backup.BackupMetrics;
import io.neo4jbackup.operator.backup.Neo4jBackupReconciler;
import io.neo4jbackup.operator.restore.Neo4jRestoreReconciler;
import io.neo4jbackup.operator.schedule.Neo4jBackupScheduleReconciler;
import io.neo4jbackup.operator.schedule.ScheduleMetrics;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point: reads its configuration ({@link OperatorConfigLoader}), connects to
 * the Kubernetes API (in a pod through its service account, elsewhere through the kubeconfig),
 * serves {@code /metrics}, {@code /healthz} and {@code /readyz}, and runs the reconcilers.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws IOException {
    OperatorConfig config;
    try {
      config = OperatorConfigLoader.load(System.getenv());
    } catch (InvalidConfigurationException e) {
      log.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    log.info(
        "Starting: engine image {} as service account {}, cluster domain {}, namespaces {},"
            + " metrics on port {}",
        config.engineImage(),
        config.engineServiceAccount() == null
            ? "(the namespace's default)"
            : config.engineServiceAccount(),
        config.clusterDomain(),
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(),
        config.metricsPort());
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = operator(client, config, meters, Clock.systemUTC());
    HttpEndpoints endpoints = HttpEndpoints.start(config.metricsPort(), meters, operator);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping");
                  operator.stop();
                  endpoints.stop();
                }));
    try {
      operator.start();
    } catch (RuntimeException e) {
      // Not installed CRDs, missing RBAC, an unreachable API: exit so the pod restarts and its
      // logs show why.
      log.error("Could not start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }

  /**
   * The operator with every reconciler registered, not started: {@code meters} receives the
   * framework's metrics and the reconcilers' own. Tests run exactly this against a mock API.
   */
  public static Operator operator(
      KubernetesClient client, OperatorConfig config, MeterRegistry meters, Clock clock) {
    Operator operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    .withMetrics(
                        MicrometerMetrics.newMicrometerMetricsBuilder(meters)
                            .notCollectingMetricsPerResource()
                            .build())
                    // Status is written by the reconcilers with optimistic locking; the
                    // framework itself patches nothing, so server-side apply buys nothing (and
                    // Kubernetes 1.20 has it only in beta).
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    register(
        operator,
        config,
        new Neo4jBackupReconciler(config, new BackupMetrics(meters), clock),
        // Called on deletion too, to delete the Job without a finalizer: deleting a
        // Neo4jBackup never waits for the operator.
        controller -> controller.withTriggerReconcilerOnAllEvents(true));
    register(
        operator,
        config,
        new Neo4jBackupScheduleReconciler(config, new ScheduleMetrics(meters), clock),
        // Called on deletion too, to drop the schedule's metrics (no finalizer needed).
        controller -> controller.withTriggerReconcilerOnAllEvents(true));
    register(
        operator,
        config,
        // A Cleaner: its finalizer holds a deleted restore until Neo4j and the schedules are back.
        new Neo4jRestoreReconciler(config, clock),
        controller -> {});
    return operator;
  }

  /**
   * Registers {@code reconciler} for the configured namespaces, retrying failed reconciliations
   * with backoff (1 s doubling up to 5 minutes, without limit); {@code settings} adjusts the rest.
   */
  public static <R extends HasMetadata> void register(
      Operator operator,
      OperatorConfig config,
      Reconciler<R> reconciler,
      Consumer<ControllerConfigurationOverrider<R>> settings) {
    operator.register(
        reconciler,
        controller -> {
          if (config.watchesAllNamespaces()) {
            controller.watchingAllNamespaces();
          } else {
            controller.settingNamespaces(config.watchNamespaces());
          }
          controller.withRetry(
              new GenericRetry()
                  .setInitialInterval(1000)
                  .setIntervalMultiplier(2)
                  .setMaxInterval(300_000)
                  .withoutMaxAttempts());
          settings.accept(controller);
        });
  }
}

package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.TestingApi;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Benchmark (not a test): N schedules (1,000 by default) whose cron expressions all fire in the
 * same minute, against Fabric8's mock API server in this JVM, with the real clock. Prints how long
 * after the tick the last of them had created its Neo4jBackup, the reconcile latency (all
 * reconciles of the run, and those at the tick), and the heap. Run it with {@code
 * bin/benchmark-schedules [N]}.
 */
public final class ScheduleBenchmark {

  private static final Path CRDS = Path.of("helm", "neo4j-backup-operator", "files", "crds");

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    KubernetesMockServer server = TestingApi.mockServer();
    KubernetesClient client = server.createClient();
    TestingApi.installCrds(client, CRDS);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
        .create();

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ConcurrentLinkedQueue<long[]> reconciles = new ConcurrentLinkedQueue<>();
    Neo4jBackupScheduleReconciler reconciler =
        new Neo4jBackupScheduleReconciler(
            TestingScheduleCluster.CONFIG, new ScheduleMetrics(meters), Clock.systemUTC()) {
          @Override
          public UpdateControl<Neo4jBackupSchedule> reconcile(
              Neo4jBackupSchedule schedule,
              io.javaoperatorsdk.operator.api.reconciler.Context<Neo4jBackupSchedule> context) {
            long start = System.nanoTime();
            try {
              return super.reconcile(schedule, context);
            } finally {
              reconciles.add(new long[] {System.currentTimeMillis(), System.nanoTime() - start});
            }
          }
        };
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    Main.register(operator, TestingScheduleCluster.CONFIG, reconciler, c -> {});
    operator.start();

    // The tick: the first whole minute at least 90 s away, so that creating them all fits before.
    Instant tick = Instant.now().plusSeconds(90).truncatedTo(ChronoUnit.MINUTES).plusSeconds(60);
    var utc = tick.atZone(ZoneOffset.UTC);
    String cron =
        utc.getMinute()
            + " "
            + utc.getHour()
            + " "
            + utc.getDayOfMonth()
            + " "
            + utc.getMonthValue()
            + " *";
    System.out.printf("Creating %d schedules '%s' (UTC), all due at %s%n", count, cron, tick);
    long createStart = System.nanoTime();
    for (int i = 0; i < count; i++) {
      client.resource(schedule("s" + i, cron)).create();
    }
    System.out.printf(
        "Created in %.1f s; waiting for the tick%n", (System.nanoTime() - createStart) / 1e9);
    while (started(meters) < count && Instant.now().isBefore(tick.plusSeconds(600))) {
      Thread.sleep(5);
    }
    Instant allStarted = Instant.now();
    long started = started(meters);
    System.gc();
    Thread.sleep(500);
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }

    List<Long> all = new ArrayList<>();
    List<Long> atTick = new ArrayList<>();
    for (long[] r : reconciles) {
      all.add(r[1]);
      if (r[0] >= tick.toEpochMilli()) {
        atTick.add(r[1]);
      }
    }
    System.out.printf(
        "RESULT schedules=%d started=%d delay_until_all_started=%.2fs%n",
        count, started, Duration.between(tick, allStarted).toMillis() / 1000.0);
    System.out.println(
        "RESULT reconcile latency, all " + all.size() + " reconciles: " + percentiles(all));
    System.out.println(
        "RESULT reconcile latency, "
            + atTick.size()
            + " reconciles from the tick: "
            + percentiles(atTick));
    System.out.printf(
        "RESULT heap after GC=%d MiB, peak heap=%d MiB, max heap=%d MiB (operator and mock API"
            + " server in one JVM)%n",
        heap.getUsed() >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    operator.stop();
    client.close();
    server.destroy();
    System.exit(started == count ? 0 : 1);
  }

  private static long started(SimpleMeterRegistry meters) {
    return (long)
        meters.find("neo4j.backup.schedule.runs").tag("outcome", "started").counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
  }

  private static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(
        "p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms",
        at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
  }

  private static double at(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())))
        / 1e6;
  }

  private static Neo4jBackupSchedule schedule(String name, String cron) {
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule(cron);
    BackupTemplateSpec template = new BackupTemplateSpec();
    template.setFrom("single://neo4j-" + name);
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/" + name);
    template.setTarget(target);
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    spec.setBackupTemplate(backupTemplate);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName(name);
    schedule.getMetadata().setNamespace("bench");
    schedule.setSpec(spec);
    return schedule;
  }
}

package io.neo4jbackup.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.harness.BackupInspector;
import io.neo4jbackup.harness.ChainWriter;
import io.neo4jbackup.harness.Neo4jServer;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.OperatorConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The operator's main job on embedded defaults, without a cluster: a real Neo4j 5.26 server with
 * the backup service and a writer, the real operator watching an embedded Kubernetes API, the
 * examples applied, every Job's command run as a local process, the backups verified, and the
 * resources' statuses printed as they change.
 */
public final class EmbeddedDemo {

  private static final long START = System.nanoTime();
  private static final String NAMESPACE = "default";
  private static final String ENGINE_IMAGE = "local/neo4j-backup-engine:0.1.0";

  /** The Service names the examples back up from, all served by the one local server. */
  private static final List<String> SERVICES =
      List.of("neo4j.default.svc.cluster.local", "neo4j.databases.svc.cluster.local");

  /** The mock server logs every request through java.util.logging; kept so the level sticks. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private static boolean failed;

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(System.getProperty("neo4j.backup.repository", ".")).toAbsolutePath();
    Path work =
        (args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("neo4j-backup-demo"))
            .toAbsolutePath();
    Files.createDirectories(work);
    System.setProperty("neo4j.backup.demo.log", work.resolve("operator.log").toString());
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    say("Working in %s", work);
    say("Real here: Neo4j 5.26 Community with the backup service plugin, a writer, the operator");
    say("(the same reconcilers as in the image), the neo4j-backup engine, Neo4j's consistency");
    say("checker. Embedded stand-ins: Fabric8's mock server for the Kubernetes API (no scheduler,");
    say("no admission, no garbage collection), a local kubelet that runs each Job's command as a");
    say("local process with PersistentVolumeClaims as directories under %s/volumes,", work);
    say("and a hosts file that resolves the examples' Service DNS names to 127.0.0.1.");

    int port = available(6362) ? 6362 : freePort();
    Map<String, String> addresses = new LinkedHashMap<>();
    if (port != 6362) {
      SERVICES.forEach(service -> addresses.put(service + ":6362", service + ":" + port));
      say("Port 6362 is taken here, so the local kubelet rewrites :6362 to :%d in arguments", port);
    }
    Path hosts = work.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost " + String.join(" ", SERVICES) + "\n");

    say("Starting Neo4j 5.26 Community with the backup service on 127.0.0.1:%d", port);
    KubernetesMockServer api = startApi();
    try (Neo4jServer neo4j =
            Neo4jServer.start(
                work.resolve("neo4j"), Map.of("online_backup_server", "127.0.0.1:" + port));
        ChainWriter writer = ChainWriter.start(neo4j.driver());
        KubernetesClient client = api.createClient()) {
      say(
          "A writer commits one (:Chain {n}) node per transaction, over Bolt on port %d",
          neo4j.boltPort());
      installCrds(client, repository.resolve("helm/neo4j-backup-operator/files/crds"));
      say("Embedded Kubernetes API on %s with the project's CRDs", client.getMasterUrl());

      Map<String, String> environment = new HashMap<>();
      environment.put(
          "PATH", repository.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", ""));
      environment.put("NEO4J_BACKUP_JAVA_OPTS", "-Djdk.net.hosts.file=" + hosts);
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator =
          Main.operator(
              client,
              new OperatorConfig(ENGINE_IMAGE, OperatorConfig.DEFAULT_CLUSTER_DOMAIN),
              meters,
              Clock.systemUTC());
      try (LocalKubelet kubelet =
              new LocalKubelet(client, work, addresses, environment, EmbeddedDemo::say);
          StatusPrinter printer = new StatusPrinter(client, EmbeddedDemo::say)) {
        kubelet.start();
        printer.start();
        operator.start();
        say("Operator started (its log: %s)", work.resolve("operator.log"));
        run(client, kubelet, writer, repository.resolve("examples"), work);
      } finally {
        operator.stop();
      }
      long committed = writer.stop();
      say("The writer committed %d nodes in all", committed);
    } finally {
      api.destroy();
    }
    say(
        failed
            ? "FAILED: see the lines above."
            : "Done: every backup taken here passed the checks. The backups stay in "
                + work.resolve("volumes"));
    say("On a real cluster: install the chart (README.md, Install), apply the same examples with");
    say("kubectl, and watch `kubectl get neo4jbackups -w`; e2e/run does all of it on a local");
    say("single-node cluster.");
    System.exit(failed ? 1 : 0);
  }

  private static void run(
      KubernetesClient client, LocalKubelet kubelet, ChainWriter writer, Path examples, Path work)
      throws Exception {
    awaitWrites(writer, 300);
    Path claim = kubelet.claimDirectory(NAMESPACE, "neo4j-backups");

    say("kubectl apply -f examples/backup-once.yaml (a PersistentVolumeClaim and a Neo4jBackup)");
    apply(client, examples.resolve("backup-once.yaml"));
    Neo4jBackup first = awaitFinished(client, "neo4j-manual-1", Duration.ofMinutes(5));
    check(first, claim, 300, work);

    awaitWrites(writer, writer.committed() + 300);
    say("A second one-off backup into the same target: Auto mode takes an incremental");
    long committed = writer.committed();
    client.resource(copy(first, "neo4j-manual-2")).create();
    check(awaitFinished(client, "neo4j-manual-2", Duration.ofMinutes(5)), claim, committed, work);

    say("kubectl apply -f examples/schedule-nightly.yaml (02:30 Berlin time, weekly chains)");
    apply(client, examples.resolve("schedule-nightly.yaml"));
    say("kubectl apply -f examples/ha-cluster-tls.yaml (hourly; its three TLS members do not");
    say("exist here, so a run that falls due during the demo fails as unreachable)");
    apply(client, examples.resolve("ha-cluster-tls.yaml"));
    awaitSchedule(client, "neo4j-nightly");
    say(
        "kubectl patch neo4jbackupschedule neo4j-nightly --type merge"
            + " -p '{\"spec\":{\"schedule\":\"* * * * *\",\"timeZone\":\"UTC\"}}'"
            + " (every minute, to see runs now)");
    client
        .resources(Neo4jBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName("neo4j-nightly")
        .edit(
            schedule -> {
              schedule.getSpec().setSchedule("* * * * *");
              schedule.getSpec().setTimeZone("UTC");
              return schedule;
            });
    List<Neo4jBackup> runs = awaitScheduledRuns(client, "neo4j-nightly", 2, Duration.ofMinutes(4));
    for (Neo4jBackup run : runs) {
      if (run.getStatus().getPhase() != BackupPhase.Succeeded) {
        say("FAILED: %s ended %s", run.getMetadata().getName(), run.getStatus().getPhase());
        failed = true;
      }
    }
    say("Both runs wrote into one chain directory, which now holds the full and the incremental:");
    check(runs.get(runs.size() - 1), claim, committed, work);
  }

  /** A finished backup: its status, and for a success, its directory checked from outside. */
  private static void check(Neo4jBackup backup, Path claim, long committedBefore, Path work)
      throws IOException {
    String name = backup.getMetadata().getName();
    if (backup.getStatus().getPhase() != BackupPhase.Succeeded) {
      say("FAILED: %s ended %s", name, backup.getStatus().getPhase());
      failed = true;
      return;
    }
    Path directory = claim.resolve(backup.getSpec().getTarget().getPath().replaceFirst("^/", ""));
    BackupInspector.Chain chain =
        BackupInspector.readChain(
            directory, "neo4j", Files.createTempDirectory(work, "inspect-" + name));
    boolean good = chain.contiguous() && chain.min() == 1 && chain.max() >= committedBefore;
    say(
        "%s %s: %s backup in %s, transactions %d..%d, consistency %s; a copy boots and holds"
            + " (:Chain) %d..%d, %s (at least 1..%d was committed before it started)",
        good ? "Checked" : "FAILED:",
        name,
        backup.getStatus().getMode(),
        directory,
        backup.getStatus().getFirstTransactionId(),
        backup.getStatus().getLastTransactionId(),
        backup.getStatus().getVerification(),
        chain.min(),
        chain.max(),
        chain.contiguous() ? "no gap" : "WITH A GAP",
        committedBefore);
    failed |= !good;
  }

  private static Neo4jBackup copy(Neo4jBackup original, String name) {
    Neo4jBackup copy = new Neo4jBackup();
    copy.getMetadata().setName(name);
    copy.getMetadata().setNamespace(original.getMetadata().getNamespace());
    copy.setSpec(original.getSpec());
    return copy;
  }

  private static Neo4jBackup awaitFinished(KubernetesClient client, String name, Duration timeout) {
    return await(
        "Neo4jBackup " + name + " to finish",
        timeout,
        () -> {
          Neo4jBackup backup =
              client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get();
          return backup != null && finished(backup) ? backup : null;
        });
  }

  private static void awaitSchedule(KubernetesClient client, String name) {
    await(
        "Neo4jBackupSchedule " + name + " to show its next run",
        Duration.ofMinutes(1),
        () -> {
          Neo4jBackupSchedule schedule =
              client
                  .resources(Neo4jBackupSchedule.class)
                  .inNamespace(NAMESPACE)
                  .withName(name)
                  .get();
          return schedule.getStatus() != null && schedule.getStatus().getNextScheduleTime() != null
              ? schedule
              : null;
        });
  }

  private static List<Neo4jBackup> awaitScheduledRuns(
      KubernetesClient client, String schedule, int count, Duration timeout) {
    Predicate<Neo4jBackup> ownedBySchedule =
        backup ->
            backup.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> owner.getName().equals(schedule));
    return await(
        count + " finished runs of " + schedule,
        timeout,
        () -> {
          List<Neo4jBackup> runs =
              client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).list().getItems().stream()
                  .filter(ownedBySchedule)
                  .filter(EmbeddedDemo::finished)
                  .sorted(Comparator.comparing(backup -> backup.getMetadata().getName()))
                  .toList();
          return runs.size() >= count ? runs : null;
        });
  }

  private static boolean finished(Neo4jBackup backup) {
    return backup.getStatus() != null
        && (backup.getStatus().getPhase() == BackupPhase.Succeeded
            || backup.getStatus().getPhase() == BackupPhase.Failed);
  }

  private interface Poll<T> {
    T get() throws Exception;
  }

  private static <T> T await(String what, Duration timeout, Poll<T> poll) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        T value = poll.get();
        if (value != null) {
          return value;
        }
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        throw new IllegalStateException("while waiting for " + what + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
  }

  /** As {@code kubectl apply -f}: each document created in the demo's namespace. */
  private static void apply(KubernetesClient client, Path manifest) throws IOException {
    for (String document : Files.readString(manifest).split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      Class<? extends HasMetadata> type =
          switch (kind(document)) {
            case "PersistentVolumeClaim" -> PersistentVolumeClaim.class;
            case "Neo4jBackup" -> Neo4jBackup.class;
            case "Neo4jBackupSchedule" -> Neo4jBackupSchedule.class;
            default ->
                throw new IllegalArgumentException(
                    manifest + " holds a kind this demo does not apply: " + kind(document));
          };
      HasMetadata resource = client.getKubernetesSerialization().unmarshal(document, type);
      resource.getMetadata().setNamespace(NAMESPACE);
      try {
        client.resource(resource).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        say(
            "%s %s exists already (unchanged)",
            resource.getKind(), resource.getMetadata().getName());
      }
    }
  }

  private static String kind(String document) {
    return document
        .lines()
        .filter(line -> line.startsWith("kind:"))
        .map(line -> line.substring("kind:".length()).trim())
        .findFirst()
        .orElse("?");
  }

  private static KubernetesMockServer startApi() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    return server;
  }

  private static void installCrds(KubernetesClient client, Path directory) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
    }
    for (Path file : files) {
      client
          .resource(
              client
                  .getKubernetesSerialization()
                  .unmarshal(Files.readString(file), CustomResourceDefinition.class))
          .create();
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  private static void awaitWrites(ChainWriter writer, long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (writer.committed() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static boolean available(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void say(String format, Object... args) {
    say(String.format(Locale.ROOT, format, args));
  }

  static void say(String line) {
    System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - START) / 1e9, line);
  }
}

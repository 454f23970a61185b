package io.neo4jbackup.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
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
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreStatus;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.harness.BackupInspector;
import io.neo4jbackup.harness.ChainWriter;
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
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

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
    say("a local StatefulSet controller for StatefulSet neo4j, whose pod neo4j-0 is the local");
    say("Neo4j server on its claim's directory (started and stopped as the set is scaled),");
    say("and a hosts file that resolves the examples' Service DNS names to 127.0.0.1.");

    int port = available(6362) ? 6362 : freePort();
    Map<String, String> addresses = new LinkedHashMap<>();
    if (port != 6362) {
      SERVICES.forEach(service -> addresses.put(service + ":6362", service + ":" + port));
      say("Port 6362 is taken here, so the local kubelet rewrites :6362 to :%d in arguments", port);
    }
    Path hosts = work.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 localhost " + String.join(" ", SERVICES) + "\n");

    KubernetesMockServer api = startApi();
    try (KubernetesClient client = api.createClient();
        LocalNeo4j neo4j =
            new LocalNeo4j(
                work.resolve("neo4j"),
                Map.of("online_backup_server", "127.0.0.1:" + port),
                EmbeddedDemo::say)) {
      installCrds(client, repository.resolve("helm/neo4j-backup-operator/files/crds"));
      say("Embedded Kubernetes API on %s with the project's CRDs", client.getMasterUrl());

      Map<String, String> environment = new HashMap<>();
      environment.put(
          "PATH", repository.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", ""));
      // The variable replaces the engine's default options: keep them, and add the hosts file.
      environment.put(
          "NEO4J_BACKUP_JAVA_OPTS",
          engineJavaOptions(repository) + " -Djdk.net.hosts.file=" + hosts);
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator =
          Main.operator(
              client,
              new OperatorConfig(ENGINE_IMAGE, OperatorConfig.DEFAULT_CLUSTER_DOMAIN),
              meters,
              Clock.systemUTC());
      try (LocalKubelet kubelet =
              new LocalKubelet(client, work, addresses, environment, EmbeddedDemo::say);
          LocalStatefulSet statefulSet =
              new LocalStatefulSet(
                  client, neo4jStatefulSet(), kubelet::claimDirectory, neo4j, EmbeddedDemo::say);
          StatusPrinter printer = new StatusPrinter(client, EmbeddedDemo::say)) {
        say(
            "StatefulSet neo4j as Neo4j's Helm chart lays it out (volumeClaimTemplate data mounted"
                + " at /data with subPathExpr: data): Neo4j 5.26 Community with the backup"
                + " service on 127.0.0.1:%d",
            port);
        statefulSet.start();
        awaitReady(client, "neo4j");
        neo4j.startWriter();
        say(
            "A writer commits one (:Chain {n}) node per transaction, over Bolt on port %d",
            neo4j.server().boltPort());
        kubelet.start();
        printer.start();
        operator.start();
        say("Operator started (its log: %s)", work.resolve("operator.log"));
        run(
            client,
            neo4j,
            statefulSet.dataDirectory(),
            kubelet,
            repository.resolve("examples"),
            work);
      } finally {
        operator.stop();
      }
      say("The writer committed %d nodes in all", neo4j.stopWriter());
    } finally {
      api.destroy();
    }
    say(
        failed
            ? "FAILED: see the lines above."
            : "Done: every backup taken here and the restore passed the checks. The backups"
                + " and Neo4j's data stay in "
                + work.resolve("volumes"));
    say("On a real cluster: install the chart (README.md, Install), apply the same examples with");
    say("kubectl, and watch `kubectl get neo4jbackups,neo4jrestores -w`; e2e/run does all of it");
    say("on a local single-node cluster, with Neo4j from its image.");
    System.exit(failed ? 1 : 0);
  }

  private static void run(
      KubernetesClient client,
      LocalNeo4j neo4j,
      Path data,
      LocalKubelet kubelet,
      Path examples,
      Path work)
      throws Exception {
    ChainWriter writer = neo4j.writer();
    awaitWrites(writer, 300);
    Path claim = kubelet.claimDirectory(NAMESPACE, "neo4j-backups");

    say("kubectl apply -f examples/backup-once.yaml (a PersistentVolumeClaim and a Neo4jBackup)");
    apply(client, examples.resolve("backup-once.yaml"));
    Neo4jBackup first = awaitFinished(client, "neo4j-manual-1", Duration.ofMinutes(5));
    long firstHeld = check(first, claim, 300, work);

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

    if (firstHeld > 0) {
      restore(client, neo4j, first, firstHeld, examples, data);
    } else {
      say("FAILED: no restore, since neo4j-manual-1 failed its checks");
      failed = true;
    }
  }

  /**
   * A finished backup: its status, and for a success, its directory checked from outside. Returns
   * the highest (:Chain) n it holds when it passed, else 0.
   */
  private static long check(Neo4jBackup backup, Path claim, long committedBefore, Path work)
      throws IOException {
    String name = backup.getMetadata().getName();
    if (backup.getStatus().getPhase() != BackupPhase.Succeeded) {
      say("FAILED: %s ended %s", name, backup.getStatus().getPhase());
      failed = true;
      return 0;
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
    return good ? chain.max() : 0;
  }

  /**
   * As {@code kubectl apply -f examples/restore.yaml}, pointed at the demo's StatefulSet and at
   * exactly what {@code backup} held; then the restarted Neo4j and its data directory checked from
   * outside.
   */
  private static void restore(
      KubernetesClient client,
      LocalNeo4j neo4j,
      Neo4jBackup backup,
      long held,
      Path examples,
      Path data)
      throws IOException {
    Neo4jRestore restore =
        client
            .getKubernetesSerialization()
            .unmarshal(Files.readString(examples.resolve("restore.yaml")), Neo4jRestore.class);
    long lastTx = backup.getStatus().getLastTransactionId();
    restore.getMetadata().setNamespace(NAMESPACE);
    restore.getSpec().getTarget().setStatefulSet("neo4j");
    restore.getSpec().getSource().setUntilTransaction(lastTx);
    String name = restore.getMetadata().getName();
    say(
        "kubectl apply -f examples/restore.yaml, with two fields changed: spec.target.statefulSet:"
            + " neo4j (the example's is graph), and spec.source.untilTransaction: %d, %s's last"
            + " transaction (%s added an incremental to its chain since; without a point, a"
            + " restore takes the chain's newest state)",
        lastTx, backup.getMetadata().getName(), "neo4j-manual-2");
    client.resource(restore).create();
    Neo4jRestore done =
        await(
            "Neo4jRestore " + name + " to finish",
            Duration.ofMinutes(3),
            () -> {
              Neo4jRestore current =
                  client.resources(Neo4jRestore.class).inNamespace(NAMESPACE).withName(name).get();
              RestorePhase phase =
                  current.getStatus() == null ? null : current.getStatus().getPhase();
              return phase == RestorePhase.Succeeded || phase == RestorePhase.Failed
                  ? current
                  : null;
            });
    Neo4jRestoreStatus status = done.getStatus();
    if (status.getPhase() != RestorePhase.Succeeded) {
      say(
          "FAILED: %s ended %s: %s: %s",
          name, status.getPhase(), status.getFailureReason(), status.getFailureMessage());
      failed = true;
      return;
    }
    boolean sameTx = Long.valueOf(lastTx).equals(status.getLastTransactionId());
    say(
        "%s %s: Succeeded, database %s restored to transaction %d (committed %s), %s's last"
            + " transaction %s",
        sameTx ? "Checked" : "FAILED:",
        name,
        status.getDatabase(),
        status.getLastTransactionId(),
        status.getLastCommitTime(),
        backup.getMetadata().getName(),
        sameTx ? "exactly" : "was " + lastTx);
    failed |= !sameTx;

    BackupInspector.Chain chain = chain(neo4j);
    boolean exact = chain.contiguous() && chain.min() == 1 && chain.max() == held;
    say(
        "%s the restarted Neo4j (pod neo4j-0, Bolt port %d) holds (:Chain) %d..%d, %s, as %s held"
            + " 1..%d; the writer's %d later nodes (up to %d) are gone",
        exact ? "Checked" : "FAILED:",
        neo4j.server().boltPort(),
        chain.min(),
        chain.max(),
        chain.contiguous() ? "no gap" : "WITH A GAP",
        backup.getMetadata().getName(),
        held,
        neo4j.stopWriter() - held,
        neo4j.stopWriter());
    failed |= !exact;

    List<String> kept;
    try (Stream<Path> folders = Files.list(data.resolve("databases"))) {
      kept =
          folders
              .map(folder -> folder.getFileName().toString())
              .filter(folder -> folder.startsWith("neo4j.before-restore-"))
              .sorted()
              .toList();
    }
    say(
        "%s the replaced folders were kept in Neo4j's data directory: %s/databases/%s"
            + " (status.keptAside: %s)",
        kept.isEmpty() ? "FAILED:" : "Checked",
        data,
        kept.isEmpty() ? "(no neo4j.before-restore-*)" : String.join(", ", kept),
        status.getKeptAside());
    failed |= kept.isEmpty();
  }

  /** The (:Chain) nodes the running server's default database holds, read over Bolt. */
  private static BackupInspector.Chain chain(LocalNeo4j neo4j) {
    try (Session session = neo4j.server().driver().session()) {
      Record row =
          session
              .run(
                  "MATCH (c:Chain) RETURN count(c) AS count, min(c.n) AS min, max(c.n) AS max,"
                      + " count(DISTINCT c.n) AS distinct")
              .single();
      return new BackupInspector.Chain(
          row.get("count").asLong(),
          row.get("min").asLong(0),
          row.get("max").asLong(0),
          row.get("distinct").asLong());
    }
  }

  /**
   * The stand-in StatefulSet: as Neo4j's Helm chart installs Neo4j, as far as a restore reads it.
   */
  private static StatefulSet neo4jStatefulSet() {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("neo4j")
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withServiceName("neo4j")
        .withNewSelector()
        .withMatchLabels(Map.of("app", "neo4j"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", "neo4j"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("neo4j")
        .withImage("neo4j:5.26-community")
        .addNewPort()
        .withName("bolt")
        .withContainerPort(7687)
        .endPort()
        .addNewPort()
        .withName("backup")
        .withContainerPort(6362)
        .endPort()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .withSubPathExpr("data")
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName("data")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("10Gi"))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }

  private static void awaitReady(KubernetesClient client, String statefulSet) {
    await(
        "StatefulSet " + statefulSet + " to be ready",
        Duration.ofMinutes(3),
        () -> {
          StatefulSet current =
              client.apps().statefulSets().inNamespace(NAMESPACE).withName(statefulSet).get();
          return current.getStatus() != null
                  && Integer.valueOf(1).equals(current.getStatus().getReadyReplicas())
              ? current
              : null;
        });
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

  /** The engine's default JVM options ({@code engine/client/src/main/jvm/java-options}). */
  private static String engineJavaOptions(Path repository) throws IOException {
    try (var lines = Files.lines(repository.resolve("engine/client/src/main/jvm/java-options"))) {
      return String.join(
          " ", lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }
  }
}

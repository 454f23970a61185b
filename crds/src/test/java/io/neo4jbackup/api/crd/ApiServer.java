package io.neo4jbackup.api.crd;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real kube-apiserver 1.20.2 (with etcd, driven by kube-api-test) that has the CRDs committed in
 * the Helm chart installed; the *IT classes share one through {@link ApiServerExtension}.
 *
 * <p>Kubernetes 1.20 predates CEL: it silently drops {@code x-kubernetes-validations} when a CRD is
 * created, so the CEL rules (a backup's spec cannot change) are not enforced here; {@link
 * CrdSchemaTest} checks they are in the CRDs, and {@link CrdInstallationIT} that nothing else is
 * lost.
 */
final class ApiServer implements AutoCloseable {

  static final Path CHART = Path.of(System.getProperty("crds.chart.dir")).normalize();

  /** How long the server may take to establish the CRDs and publish them for kubectl. */
  private static final Duration PUBLISHING = Duration.ofSeconds(90);

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private ApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig) {
    this.server = server;
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts etcd and kube-apiserver, installs the committed CRDs and waits until kubectl sees them.
   */
  static ApiServer start() {
    KubeBinaries.require();
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeBinaries.cacheRoot().toString())
                .withApiServerVersion(KubeBinaries.VERSION)
                .withOfflineMode(true)
                .build());
    server.start();
    try {
      ApiServer api = new ApiServer(server, connect(server), writeKubeconfig(server));
      api.installCommittedCrds();
      return api;
    } catch (RuntimeException | Error e) {
      server.stop();
      throw e;
    }
  }

  private static KubernetesClient connect(KubeAPIServer server) {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
        .build();
  }

  private static Path writeKubeconfig(KubeAPIServer server) {
    try {
      Path kubeconfig = Files.createTempFile("crds-it-", ".kubeconfig");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      return kubeconfig;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void installCommittedCrds() {
    for (var resource : GenerateCrds.RESOURCES) {
      client.resource(committedCrd(resource)).create();
    }
    await("CRDs established").atMost(PUBLISHING).until(this::allEstablished);
    // kubectl validates and explains with the OpenAPI document, which the server republishes a
    // little after a CRD is established.
    await("CRD schemas published for kubectl")
        .atMost(PUBLISHING)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              kubectl("explain", "neo4jbackups.spec");
              kubectl("explain", "neo4jbackupschedules.spec");
            });
  }

  KubernetesClient client() {
    return client;
  }

  /** The CRD as committed in the chart. */
  CustomResourceDefinition committedCrd(Class<? extends HasMetadata> resource) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .load(CHART.resolve(GenerateCrds.fileName(resource)).toFile())
        .item();
  }

  /** The CRD as the server stored it. */
  CustomResourceDefinition storedCrd(Class<? extends HasMetadata> resource) {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(HasMetadata.getFullResourceName(resource))
        .get();
  }

  boolean allEstablished() {
    return GenerateCrds.RESOURCES.stream().map(this::storedCrd).allMatch(ApiServer::established);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  /** A namespace for one group of tests, created on first use. */
  String namespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    return name;
  }

  /** Runs the 1.20 kubectl against this server; fails with its output unless it exits 0. */
  String kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(KubeBinaries.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--request-timeout=30s");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The rows of a table that {@code kubectl get} prints, as column name to value (empty where a
   * cell is blank); a column starts where its header does.
   */
  List<Map<String, String>> kubectlTable(String... args) {
    List<String> lines = kubectl(args).lines().toList();
    String header = lines.get(0);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher name = Pattern.compile("\\S+( \\S+)*").matcher(header);
    while (name.find()) {
      starts.add(name.start());
      names.add(name.group());
    }
    starts.add(Integer.MAX_VALUE);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = Math.min(starts.get(i + 1), line.length());
        row.put(names.get(i), line.substring(from, to).strip());
      }
      rows.add(row);
    }
    return rows;
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.stop();
    Files.deleteIfExists(kubeconfig);
  }
}

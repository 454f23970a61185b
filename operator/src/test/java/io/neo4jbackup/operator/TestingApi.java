package io.neo4jbackup.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

/**
 * Kubernetes APIs for the operator's tests, with the project's committed CRDs installed: Fabric8's
 * mock server in CRUD mode, or a real kube-apiserver 1.20.2 from the binaries that {@code
 * e2e/kube-binaries.sh} builds.
 */
public final class TestingApi {

  /** The committed CRDs, seen from the operator module (where Maven runs its tests). */
  public static final Path CRDS = Path.of("..", "helm", "neo4j-backup-operator", "files", "crds");

  private static final List<String> CRD_FILES =
      List.of(
          "neo4jbackups.neo4jbackup.io-v1.yml",
          "neo4jbackupschedules.neo4jbackup.io-v1.yml",
          "neo4jrestores.neo4jbackup.io-v1.yml");

  /** The mock server logs every request at INFO; held here so the setting is not collected. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private TestingApi() {}

  /** Fabric8's mock API server in CRUD mode, started, quiet about each request. */
  public static KubernetesMockServer mockServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
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

  /** Installs the CRDs found in {@code crds} through {@code client}. */
  public static void installCrds(KubernetesClient client, Path crds) {
    for (String file : CRD_FILES) {
      try (InputStream crd = Files.newInputStream(crds.resolve(file))) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the CRD " + crds.resolve(file), e);
      }
    }
  }

  /** Creates the namespace {@code name}. */
  public static void createNamespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /**
   * Starts kube-apiserver 1.20.2 and its etcd, offline, from the cache that {@code
   * e2e/kube-binaries.sh} fills ({@code NEO4J_BACKUP_CACHE}, else {@code ~/.cache/neo4j-backup});
   * fails, naming that script, when the binaries are missing.
   */
  public static KubeAPIServer startApiServer() {
    String configured = System.getenv("NEO4J_BACKUP_CACHE");
    Path cache =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "neo4j-backup");
    Path binaries = cache.resolve("k8s").resolve("1.20.2-linux-amd64");
    for (String binary : List.of("etcd", "kube-apiserver")) {
      if (!Files.isExecutable(binaries.resolve(binary))) {
        throw new AssertionError(
            "Kubernetes 1.20.2 binaries are missing from "
                + binaries
                + ". Build them once (about 10 minutes) with: bash e2e/kube-binaries.sh");
      }
    }
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(cache.toString())
                .withApiServerVersion("1.20.2")
                .withOfflineMode(true)
                .build());
    server.start();
    return server;
  }

  /** A client of {@code server}, with the CRDs installed and their resources served. */
  public static KubernetesClient clientWithCrds(KubeAPIServer server, Duration timeout) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    installCrds(client, CRDS);
    await()
        .atMost(timeout)
        .ignoreExceptions()
        .until(
            () ->
                client.resources(Neo4jBackup.class).inNamespace("default").list() != null
                    && client.resources(Neo4jBackupSchedule.class).inNamespace("default").list()
                        != null);
    return client;
  }
}

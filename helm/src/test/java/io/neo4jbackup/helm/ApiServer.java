package io.neo4jbackup.helm;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real kube-apiserver 1.20.2 with etcd and RBAC authorization (kube-api-test, offline), for
 * installing the chart with real Helm. No controllers or kubelet run: Deployments get no pods, and
 * the tests look at what the API server stored and what RBAC allows.
 */
final class ApiServer implements AutoCloseable {

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private ApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig) {
    this.server = server;
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  static ApiServer start() {
    KubeBinaries.require();
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(KubeBinaries.cacheRoot().toString())
                .withApiServerVersion(KubeBinaries.VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    try {
      Path kubeconfig = Files.createTempFile("helm-it-", ".kubeconfig");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
              .build();
      return new ApiServer(server, client, kubeconfig);
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      server.stop();
      throw e;
    }
  }

  KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file for Helm, with cluster-admin rights. */
  Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * Runs kubectl 1.20.2 with cluster-admin rights on this server, as a person would; fails the test
   * unless it exits 0. Returns what it printed.
   */
  String kubectl(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(KubeBinaries.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("kubectl " + String.join(" ", arguments) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates the objects of example files from examples/ in a namespace (which must exist); returns
   * them. Both examples bring a claim of the same name: the first one made is kept.
   */
  List<HasMetadata> createExamples(String namespace, String... examples) {
    Path directory = Path.of(System.getProperty("examples.dir")).normalize();
    List<HasMetadata> created = new ArrayList<>();
    for (String example : examples) {
      try (InputStream yaml = Files.newInputStream(directory.resolve(example))) {
        for (HasMetadata object : client.load(yaml).items()) {
          HasMetadata existing = client.resource(object).inNamespace(namespace).get();
          created.add(
              existing != null
                  ? existing
                  : client.resource(object).inNamespace(namespace).create());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return created;
  }

  /** Creates the namespace unless it exists; returns its name. */
  String namespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    return name;
  }

  /**
   * Whether RBAC lets the service account do {@code permission} (see {@link OperatorAccess}) in
   * {@code namespace}, or cluster-wide when it is empty: the API server's own answer to a
   * SubjectAccessReview.
   */
  boolean allows(String account, String accountNamespace, String permission, String namespace) {
    return allows(
        "system:serviceaccount:" + accountNamespace + ":" + account,
        List.of(
            "system:serviceaccounts",
            "system:serviceaccounts:" + accountNamespace,
            "system:authenticated"),
        permission,
        namespace);
  }

  /** Whether RBAC lets the person {@code user} do {@code permission} in {@code namespace}. */
  boolean allowsUser(String user, String permission, String namespace) {
    return allows(user, List.of("system:authenticated"), permission, namespace);
  }

  private boolean allows(String user, List<String> groups, String permission, String namespace) {
    OperatorAccess.Permission p = OperatorAccess.Permission.parse(permission);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups(groups)
            .withNewResourceAttributes()
            .withGroup(p.group())
            .withResource(p.resource())
            .withSubresource(p.subresource())
            .withVerb(p.verb())
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.stop();
    Files.deleteIfExists(kubeconfig);
  }
}

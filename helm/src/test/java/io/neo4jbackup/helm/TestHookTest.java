package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code helm test} hook: a restricted pod that asks the operator's metrics Service for /readyz
 * with the operator's own image, and passes only on 200. Its script runs here too, with this
 * machine's bash, against a JDK HTTP server like the operator's.
 */
class TestHookTest {

  @TempDir static Path directory;

  private static Path chart;
  private static Rendered defaults;

  @BeforeAll
  static void renderTheHookAsAManifest() {
    chart = ChartVariants.testHookAsManifest(directory);
    defaults = render(Map.of());
  }

  private static Rendered render(Map<String, Object> values) {
    return Chart.render(chart, Chart.RELEASE, "1.29.0", values);
  }

  @Test
  void itIsAHelmTestHookDeletedOnceItPassedAndKeptForItsLogsWhenItFailed() {
    Pod pod = defaults.one(Pod.class);

    assertThat(pod.getMetadata().getName()).isEqualTo(Chart.FULL_NAME + "-test-readyz");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry(ChartVariants.HOOK_AS_RENDERED, "test")
        .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void itRunsRestricted() {
    Pod pod = defaults.one(Pod.class);
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    Container container = container(pod);
    SecurityContext context = container.getSecurityContext();

    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(7474L);
    assertThat(podContext.getRunAsGroup()).isEqualTo(7474L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getPrivileged()).isNull();
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getServiceAccountName()).isNull();
    assertThat(pod.getSpec().getVolumes()).isNullOrEmpty();
    assertThat(pod.getSpec().getHostNetwork()).isNull();
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void withoutUidsInThePodSecurityContextItSetsNoneAndStaysNonRoot() {
    Pod pod =
        render(
                Map.of(
                    "podSecurityContext.runAsUser", "null",
                    "podSecurityContext.runAsGroup", "null"))
            .one(Pod.class);

    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isNull();
    assertThat(pod.getSpec().getSecurityContext().getRunAsGroup()).isNull();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container(pod).getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void itRunsTheOperatorsImageAsTheOperatorPullsItAndWhereTheOperatorMayRun() {
    Rendered chart =
        render(
            Map.of(
                "image.repository", "registry.example.com/backup/operator",
                "image.digest",
                    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "image.pullPolicy", "Never",
                "imagePullSecrets[0].name", "registry",
                "nodeSelector.pool", "system",
                "tolerations[0].key", "dedicated",
                "tolerations[0].operator", "Exists"));
    Pod pod = chart.one(Pod.class);

    assertThat(container(pod).getImage()).isEqualTo(chart.operatorContainer().getImage());
    assertThat(container(pod).getImagePullPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("registry");
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "system");
    assertThat(pod.getSpec().getTolerations()).hasSize(1);
    assertThat(defaults.operatorContainer().getImage())
        .isEqualTo(container(defaults.one(Pod.class)).getImage());
  }

  @Test
  void itAsksTheMetricsServiceByItsClusterDnsNameAndPort() {
    Rendered chart =
        render(
            Map.of(
                "fullnameOverride", "ops",
                "metrics.service.port", "9090",
                "clusterDomain", "corp.example"));
    Service service = chart.one(Service.class);

    assertThat(environment(chart.one(Pod.class)))
        .containsEntry(
            "HOST", service.getMetadata().getName() + "." + Chart.NAMESPACE + ".svc.corp.example")
        .containsEntry("PORT", "9090");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
  }

  @Test
  void neitherTheMetricsServiceNorTheDeploymentSelectsIt() {
    Map<String, String> labels = defaults.one(Pod.class).getMetadata().getLabels();

    assertThat(labels).containsEntry("app.kubernetes.io/component", "test");
    assertThat(selects(defaults.one(Service.class).getSpec().getSelector(), labels)).isFalse();
    assertThat(selects(defaults.deployment().getSpec().getSelector().getMatchLabels(), labels))
        .isFalse();
    // The check itself: the operator's pod is selected by both.
    Map<String, String> operator =
        defaults.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(selects(defaults.one(Service.class).getSpec().getSelector(), operator)).isTrue();
  }

  @Test
  void theScriptPassesOnlyWhenReadyzAnswers200() throws Exception {
    Container container = container(defaults.one(Pod.class));
    List<String> command = new ArrayList<>(container.getCommand());
    command.addAll(container.getArgs());
    assumeTrue(
        Files.isExecutable(Path.of(command.get(0))) && Files.isExecutable(Path.of(command.get(2))),
        "runs the pod's script with this machine's " + command.get(0) + " and " + command.get(2));
    AtomicInteger status = new AtomicInteger(200);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/readyz",
        exchange -> {
          byte[] body =
              (status.get() == 200 ? "ok\n" : "starting\n").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    int port = server.getAddress().getPort();
    try {
      assertThat(run(command, port))
          .isEqualTo(new Result(0, "GET http://127.0.0.1:" + port + "/readyz: 200 ok"));
      status.set(503);
      assertThat(run(command, port))
          .isEqualTo(new Result(1, "GET http://127.0.0.1:" + port + "/readyz: 503 starting"));
    } finally {
      server.stop(0);
    }
    Result refused = run(command, port);
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("cannot connect to 127.0.0.1:" + port);
  }

  private record Result(int exit, String output) {}

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  /** Runs the pod's command as the container would, with HOST and PORT pointing here. */
  private static Result run(List<String> command, int port)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    // The images' PATH (e2e/images.sh).
    builder
        .environment()
        .put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("PORT", String.valueOf(port));
    Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output.strip());
  }

  private static Container container(Pod pod) {
    assertThat(pod.getSpec().getContainers()).hasSize(1);
    return pod.getSpec().getContainers().get(0);
  }

  private static Map<String, String> environment(Pod pod) {
    return container(pod).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}

package io.neo4jbackup.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKubeletTest {

  @TempDir Path work;

  private KubernetesMockServer server;
  private KubernetesClient client;
  private LocalKubelet kubelet;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
    kubelet =
        new LocalKubelet(
            client,
            work,
            Map.of("neo4j.default.svc.cluster.local:6362", "neo4j.default.svc.cluster.local:7000"),
            Map.of(),
            line -> {});
    kubelet.start();
  }

  @AfterEach
  void stop() {
    kubelet.close();
    client.close();
    server.destroy();
  }

  @Test
  void runsTheContainerCommandWithMountPathsAndTheTerminationLogMappedToLocalFiles()
      throws Exception {
    create(
        job(
            "writer",
            "echo \"$1\" > /backup/out && echo '{\"status\":\"succeeded\"}' > /dev/termination-log",
            0));

    Job job = awaitFinished("writer");

    assertThat(condition(job)).isEqualTo("Complete");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(kubelet.claimDirectory("default", "backups").resolve("out"))
        .hasContent("single://neo4j.default.svc.cluster.local:7000");
    Pod pod = onlyPod("writer");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated())
        .satisfies(
            terminated -> {
              assertThat(terminated.getExitCode()).isZero();
              assertThat(terminated.getMessage()).isEqualTo("{\"status\":\"succeeded\"}\n");
            });
    assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "writer");
  }

  @Test
  void aPathAlreadyMappedIsNotMappedAgainByAShorterMountPath() throws Exception {
    // The termination log's local file lies under the work directory, itself under /tmp: the
    // emptyDir mounted at /tmp must not rewrite it a second time.
    create(job("nested", "echo done > /dev/termination-log", 0));

    assertThat(condition(awaitFinished("nested"))).isEqualTo("Complete");
    assertThat(onlyPod("nested").getStatus().getContainerStatuses().get(0).getState())
        .satisfies(state -> assertThat(state.getTerminated().getMessage()).isEqualTo("done\n"));
  }

  @Test
  void aFailingContainerFailsTheJobOnceItsBackoffLimitIsReached() throws Exception {
    create(job("failing", "echo '{\"status\":\"failed\"}' > /dev/termination-log; exit 4", 0));

    Job job = awaitFinished("failing");

    assertThat(condition(job)).isEqualTo("Failed");
    assertThat(job.getStatus().getConditions().get(0).getReason())
        .isEqualTo("BackoffLimitExceeded");
    Pod pod = onlyPod("failing");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(4);
  }

  @Test
  void aContainerStillRunningAtTheJobsDeadlineIsKilledAndTheJobFailsWithDeadlineExceeded()
      throws Exception {
    Job job = job("slow", "sleep 30", 0);
    job.getSpec().setActiveDeadlineSeconds(1L);
    create(job);

    Job finished = awaitFinished("slow");

    assertThat(condition(finished)).isEqualTo("Failed");
    assertThat(finished.getStatus().getConditions().get(0).getReason())
        .isEqualTo("DeadlineExceeded");
  }

  private void create(Job job) {
    client.batch().v1().jobs().inNamespace("default").resource(job).create();
  }

  private Job awaitFinished(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.batch().v1().jobs().inNamespace("default").withName(name).get(),
            job -> condition(job) != null);
  }

  private Pod onlyPod(String job) {
    List<Pod> pods =
        client.pods().inNamespace("default").withLabel("job-name", job).list().getItems();
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private static String condition(Job job) {
    return Optional.ofNullable(job.getStatus())
        .map(status -> status.getConditions())
        .filter(conditions -> !conditions.isEmpty())
        .map(conditions -> conditions.get(0))
        .map(JobCondition::getType)
        .orElse(null);
  }

  private static Job job(String name, String script, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withUid(name + "-uid")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "test")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("local/test:1.0")
        .withCommand("/bin/sh", "-c", script, "sh", "single://neo4j.default.svc.cluster.local:6362")
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/backup")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName("backups")
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}

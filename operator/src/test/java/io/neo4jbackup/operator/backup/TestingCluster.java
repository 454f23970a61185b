package io.neo4jbackup.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neo4jbackup.operator.TestingApi;
import io.neo4jbackup.operator.job.BackupJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;

/**
 * A Kubernetes API for the reconciler tests: Fabric8's mock server in CRUD mode with the project's
 * CRDs installed. Nothing runs Jobs here, so the tests play the Job controller and the kubelet
 * through the methods below, writing pods and statuses as those would.
 */
final class TestingCluster implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  TestingCluster() {
    server = TestingApi.mockServer();
    client = server.createClient();
    TestingApi.installCrds(client, TestingApi.CRDS);
  }

  KubernetesClient client() {
    return client;
  }

  /** How many requests the API has received so far, from anyone. */
  int requests() {
    return server.getRequestCount();
  }

  /** A namespace with a PersistentVolumeClaim named {@code claim}. */
  void namespaceWithClaim(String namespace, String claim) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claim)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .endSpec()
                .build())
        .create();
  }

  /** As the Job controller: a pod of {@code job}, labelled and owned as a real one is. */
  Pod startPod(Job job, String name) {
    return startPod(job, name, job.getSpec().getTemplate().getMetadata().getLabels());
  }

  /**
   * A pod of {@code job} as the Job controller makes one: {@code labels} and job-name, the
   * template's annotations and spec, owned by the Job; without a status.
   */
  static Pod podOf(Job job, String name, java.util.Map<String, String> labels) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .addToLabels("job-name", job.getMetadata().getName())
        .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .build();
  }

  /**
   * As {@link #startPod}, but the operator's pod watch never delivers this pod (it lacks the label
   * the operator watches pods by): it stands in for a pod whose events arrive after its Job's.
   */
  Pod startPodUnseenByTheOperator(Job job, String name) {
    var labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.remove(BackupJob.BACKUP_LABEL);
    return startPod(job, name, labels);
  }

  private Pod startPod(Job job, String name, java.util.Map<String, String> labels) {
    Pod pod =
        new PodBuilder(podOf(job, name, labels))
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    Job running =
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job)
            .withStatus(new JobStatusBuilder().withStartTime(now()).withActive(1).build())
            .build();
    client.resource(running).updateStatus();
    return client.resource(pod).create();
  }

  /** As the kubelet: the backup container ended with {@code exitCode} and this message. */
  Pod terminate(Pod pod, int exitCode, String terminationMessage) {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withMessage(terminationMessage)
                    .withFinishedAt(now())
                    .endTerminated()
                    .endState()
                    .build())
            .build();
    return client.resource(new PodBuilder(pod).withStatus(status).build()).updateStatus();
  }

  /** As the kubelet: the backup container cannot start yet, for {@code reason}. */
  Pod waiting(Pod pod, String reason, String message) {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Pending")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withNewState()
                    .withNewWaiting()
                    .withReason(reason)
                    .withMessage(message)
                    .endWaiting()
                    .endState()
                    .build())
            .build();
    return client.resource(new PodBuilder(pod).withStatus(status).build()).updateStatus();
  }

  /** As the kubelet: a pod evicted (or its node lost) before its container ended. */
  Pod evict(Pod pod) {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: ephemeral-storage.")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(137)
                    .withReason("ContainerStatusUnknown")
                    .withFinishedAt(now())
                    .endTerminated()
                    .endState()
                    .build())
            .build();
    return client.resource(new PodBuilder(pod).withStatus(status).build()).updateStatus();
  }

  /** As the Job controller: the Job completed. */
  void complete(Job job) {
    finish(job, "Complete", null);
  }

  /** As the Job controller: the Job failed, for {@code reason} (BackoffLimitExceeded, ...). */
  void fail(Job job, String reason) {
    finish(job, "Failed", reason);
  }

  private void finish(Job job, String type, String reason) {
    Job current = client.resource(job).get();
    String started =
        current.getStatus() == null || current.getStatus().getStartTime() == null
            ? now()
            : current.getStatus().getStartTime();
    JobStatusBuilder status =
        new JobStatusBuilder()
            .withStartTime(started)
            .addToConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withLastTransitionTime(now())
                    .build());
    if (type.equals("Complete")) {
      status.withCompletionTime(now()).withSucceeded(1);
    } else {
      status.withFailed(1);
    }
    client
        .resource(
            new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(current)
                .withStatus(status.build())
                .build())
        .updateStatus();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

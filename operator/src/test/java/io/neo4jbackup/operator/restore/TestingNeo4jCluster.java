package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.neo4jbackup.operator.TestingApi;
import io.neo4jbackup.operator.job.RestoreJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A Kubernetes API for the restore tests: Fabric8's mock server in CRUD mode with the project's
 * CRDs. Nothing runs StatefulSets or Jobs here, so the tests play their controllers and the kubelet
 * through the methods below, as those would.
 */
final class TestingNeo4jCluster implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String namespace;

  /** The mock server, with the CRDs and {@code namespace}. */
  TestingNeo4jCluster(String namespace) {
    this.namespace = namespace;
    server = TestingApi.mockServer();
    client = server.createClient();
    TestingApi.installCrds(client, TestingApi.CRDS);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  /** Another API ({@code client}'s, a real API server), with {@code namespace} already there. */
  TestingNeo4jCluster(KubernetesClient client, String namespace) {
    this.namespace = namespace;
    this.server = null;
    this.client = client;
  }

  KubernetesClient client() {
    return client;
  }

  void claim(String name) {
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  /**
   * A StatefulSet as Neo4j's Helm chart installs one: its data from the volumeClaimTemplate {@code
   * data} mounted at /data with subPath {@code data}; with its claims, ready pods and status.
   */
  StatefulSet neo4j(String name, int replicas) {
    return neo4j(name, replicas, true);
  }

  /** As {@link #neo4j(String, int)}; without pods when {@code pods} is false. */
  StatefulSet neo4j(String name, int replicas, boolean pods) {
    StatefulSet statefulSet =
        client
            .resource(
                new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withServiceName(name)
                    .withNewSelector()
                    .withMatchLabels(Map.of("app", name))
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(Map.of("app", name))
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("neo4j")
                    .withImage("neo4j:5.26-community")
                    .addNewVolumeMount()
                    .withName("data")
                    .withMountPath("/data")
                    .withSubPath("data")
                    .endVolumeMount()
                    .addNewVolumeMount()
                    .withName("data")
                    .withMountPath("/logs")
                    .withSubPath("logs")
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
                    .addToRequests("storage", new Quantity("1Gi"))
                    .endResources()
                    .endSpec()
                    .endVolumeClaimTemplate()
                    .endSpec()
                    .build())
            .create();
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      claim("data-" + name + "-" + ordinal);
      if (pods) {
        startPod(statefulSet, ordinal);
      }
    }
    ready(name);
    return statefulSet;
  }

  StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  /** As the StatefulSet controller: pod {@code ordinal} of the set, running. */
  void startPod(StatefulSet statefulSet, int ordinal) {
    String name = statefulSet.getMetadata().getName();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name + "-" + ordinal)
                .withNamespace(namespace)
                .withLabels(Map.of("app", name))
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("StatefulSet")
                        .withName(name)
                        .withUid(statefulSet.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withSpec(statefulSet.getSpec().getTemplate().getSpec())
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
  }

  /** As the StatefulSet controller and the kubelet: the set's pods are gone. */
  void podsGone(String statefulSet) {
    client.pods().inNamespace(namespace).withLabel("app", statefulSet).delete();
  }

  /** As the StatefulSet controller: as many ready replicas as its spec asks, observed. */
  void ready(String name) {
    StatefulSet current = statefulSet(name);
    Integer replicas = current.getSpec().getReplicas();
    client
        .resource(
            new StatefulSetBuilder(current)
                .withStatus(
                    new StatefulSetStatusBuilder()
                        .withObservedGeneration(current.getMetadata().getGeneration())
                        .withReplicas(replicas)
                        .withReadyReplicas(replicas)
                        .build())
                .build())
        .updateStatus();
  }

  Job job(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  /** As the Job controller and the kubelet: the restore pod ran and ended with this message. */
  void finishJob(Job job, int exitCode, String terminationMessage) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-x1y2z")
            .withNamespace(namespace)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("job-name", job.getMetadata().getName())
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
    Pod created = client.resource(pod).create();
    client
        .resource(
            new PodBuilder(created)
                .withStatus(
                    new PodStatusBuilder()
                        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                        .addToContainerStatuses(
                            new ContainerStatusBuilder()
                                .withName(RestoreJob.CONTAINER)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(exitCode)
                                .withMessage(terminationMessage)
                                .withFinishedAt(now)
                                .endTerminated()
                                .endState()
                                .build())
                        .build())
                .build())
        .updateStatus();
    Job current = job(job.getMetadata().getName());
    JobStatusBuilder status =
        new JobStatusBuilder()
            .withStartTime(now)
            .addToConditions(
                new JobConditionBuilder()
                    .withType(exitCode == 0 ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(exitCode == 0 ? null : "BackoffLimitExceeded")
                    .withLastTransitionTime(now)
                    .build());
    if (exitCode == 0) {
      status.withCompletionTime(now).withSucceeded(1);
    } else {
      status.withFailed(1);
    }
    client.resource(new JobBuilder(current).withStatus(status.build()).build()).updateStatus();
  }

  @Override
  public void close() {
    if (server != null) {
      client.close();
      server.destroy();
    }
  }
}

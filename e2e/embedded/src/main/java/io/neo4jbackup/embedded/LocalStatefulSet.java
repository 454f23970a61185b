package io.neo4jbackup.embedded;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Stands in for a cluster's StatefulSet controller (and the kubelet of its pod), for one
 * StatefulSet of one replica whose pod 0 is a local process: it creates pod 0's claims from the
 * volumeClaimTemplates, starts pod 0 on the directory its data mount shows (the claim's directory,
 * plus the mount's subPath or subPathExpr) while the set asks for a replica, stops it when the set
 * is scaled to 0, and writes the pod object (Ready) and the set's status (replicas, readyReplicas,
 * observedGeneration) as the controller and the kubelet do.
 */
final class LocalStatefulSet implements AutoCloseable {

  /** Pod 0's process. */
  interface Replica {
    /** Starts it on {@code data}, pod 0's data directory; returns once it is ready. */
    void start(Path data) throws Exception;

    /** Stops it; returns once it has stopped. */
    void stop() throws Exception;
  }

  private final KubernetesClient client;
  private final StatefulSet desired;
  private final String namespace;
  private final String name;
  private final Path data;
  private final Replica replica;
  private final Consumer<String> say;
  private final ExecutorService controller =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "local-statefulset");
            thread.setDaemon(true);
            return thread;
          });
  private boolean running;
  private SharedIndexInformer<StatefulSet> informer;

  /**
   * {@code statefulSet} as it is to be created; {@code claims} maps a namespace and a claim name to
   * the claim's local directory (as the local kubelet does for Jobs).
   */
  LocalStatefulSet(
      KubernetesClient client,
      StatefulSet statefulSet,
      BiFunction<String, String, Path> claims,
      Replica replica,
      Consumer<String> say) {
    this.client = client;
    this.desired = statefulSet;
    this.namespace = statefulSet.getMetadata().getNamespace();
    this.name = statefulSet.getMetadata().getName();
    this.replica = replica;
    this.say = say;
    VolumeMount mount =
        statefulSet
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getVolumeMounts()
            .stream()
            .filter(m -> "/data".equals(m.getMountPath()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(name + " mounts nothing at /data"));
    String subPath =
        mount.getSubPath() != null
            ? mount.getSubPath()
            : Objects.requireNonNullElse(mount.getSubPathExpr(), "");
    this.data = claims.apply(namespace, claim(mount.getName())).resolve(subPath);
  }

  /** Pod 0's data directory on this machine. */
  Path dataDirectory() {
    return data;
  }

  /** Creates the StatefulSet and its claims, and follows it from now on. */
  void start() {
    client.resource(desired).create();
    for (PersistentVolumeClaim template : desired.getSpec().getVolumeClaimTemplates()) {
      client
          .resource(
              new PersistentVolumeClaimBuilder(template)
                  .editMetadata()
                  .withName(claim(template.getMetadata().getName()))
                  .withNamespace(namespace)
                  .addToLabels(desired.getSpec().getSelector().getMatchLabels())
                  .endMetadata()
                  .build())
          .create();
    }
    informer =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(StatefulSet statefulSet) {
                    controller.submit(LocalStatefulSet.this::sync);
                  }

                  @Override
                  public void onUpdate(StatefulSet before, StatefulSet statefulSet) {
                    controller.submit(LocalStatefulSet.this::sync);
                  }

                  @Override
                  public void onDelete(StatefulSet statefulSet, boolean finalStateUnknown) {}
                });
  }

  /** Brings pod 0 to what the set asks for, then reports it in the set's status. */
  private void sync() {
    try {
      StatefulSet current = get();
      if (current == null) {
        return;
      }
      Integer replicas = current.getSpec().getReplicas();
      boolean wanted = replicas == null || replicas > 0;
      if (wanted && !running) {
        say.accept(
            "stand-in StatefulSet controller: starting pod " + pod() + " (Neo4j on " + data + ")");
        Files.createDirectories(data);
        replica.start(data);
        running = true;
        createPod(current);
        say.accept("stand-in StatefulSet controller: pod " + pod() + " is ready");
      } else if (!wanted && running) {
        say.accept("stand-in StatefulSet controller: scaled to 0, stopping pod " + pod());
        replica.stop();
        running = false;
        client.pods().inNamespace(namespace).withName(pod()).delete();
        say.accept("stand-in StatefulSet controller: pod " + pod() + " stopped and deleted");
      }
      writeStatus();
    } catch (Exception e) {
      say.accept("stand-in StatefulSet controller: " + name + " broke: " + e);
    }
  }

  private void writeStatus() {
    StatefulSet current = get();
    int ready = running ? 1 : 0;
    StatefulSetStatus status =
        new StatefulSetStatusBuilder()
            .withObservedGeneration(current.getMetadata().getGeneration())
            .withReplicas(ready)
            .withReadyReplicas(ready)
            .withCurrentReplicas(ready)
            .withAvailableReplicas(ready)
            .build();
    if (status.equals(current.getStatus())) {
      return;
    }
    try {
      client.resource(new StatefulSetBuilder(current).withStatus(status).build()).updateStatus();
    } catch (KubernetesClientException conflict) {
      // Changed meanwhile: the change's own event syncs again.
    }
  }

  private void createPod(StatefulSet statefulSet) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(pod())
                .withNamespace(namespace)
                .withLabels(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels("statefulset.kubernetes.io/pod-name", pod())
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("StatefulSet")
                        .withName(name)
                        .withUid(statefulSet.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(statefulSet.getSpec().getTemplate().getSpec())
                .withNewStatus()
                .withPhase("Running")
                .withStartTime(now)
                .withConditions(
                    new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime(now)
                        .build(),
                    new PodConditionBuilder()
                        .withType("ContainersReady")
                        .withStatus("True")
                        .withLastTransitionTime(now)
                        .build())
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(
                            statefulSet
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getName())
                        .withReady(true)
                        .withStarted(true)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(now)
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build())
        .create();
  }

  private StatefulSet get() {
    return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  private String claim(String template) {
    return template + "-" + name + "-0";
  }

  private String pod() {
    return name + "-0";
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    controller.shutdownNow();
  }
}

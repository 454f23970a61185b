package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod template of every Job that runs the engine, a backup's ({@link BackupJob}), a chain
 * deletion's ({@link RetentionJob}) or a restore drill's ({@link DrillJob}, the claim read-only):
 * one container running the operator's engine image through {@link EngineCommand}'s wrapper (its
 * result line becomes the termination message), as the operator's service account without its
 * token, with the operator's security contexts as {@code settings} may tighten them ({@link
 * EngineSecurity}), the whole claim at {@link TargetDirectory#MOUNT_PATH} and an {@code emptyDir}
 * at {@code /tmp}, and where {@code settings} place it (pull secrets, node selector, tolerations,
 * affinity, priority class). Never restarted in place: each retry is a new pod whose termination
 * message stays readable.
 *
 * @param container the container's name
 * @param command the container's command, from {@link EngineCommand#command}
 * @param claimName the claim mounted at {@link TargetDirectory#MOUNT_PATH}
 * @param secrets the Secrets mounted beside it
 * @param resources the container's resources, null for none
 * @param labels the pod's labels
 * @param annotations the pod's annotations, null for none
 * @param readOnlyTarget whether the claim is mounted read-only (a restore drill only reads)
 * @param objectStore with an object store, what reaching it takes (env, files, work volume); null
 *     for none. With it, {@code claimName} may be null: no claim is mounted.
 */
record EnginePod(
    String container,
    List<String> command,
    String claimName,
    SecretVolumes secrets,
    ResourceRequirements resources,
    Map<String, String> labels,
    Map<String, String> annotations,
    boolean readOnlyTarget,
    ObjectStoreAccess objectStore) {

  /** A pod without an object store. */
  EnginePod(
      String container,
      List<String> command,
      String claimName,
      SecretVolumes secrets,
      ResourceRequirements resources,
      Map<String, String> labels,
      Map<String, String> annotations,
      boolean readOnlyTarget) {
    this(
        container,
        command,
        claimName,
        secrets,
        resources,
        labels,
        annotations,
        readOnlyTarget,
        null);
  }

  /** A pod that mounts the claim read-write, as backups and chain deletions need. */
  EnginePod(
      String container,
      List<String> command,
      String claimName,
      SecretVolumes secrets,
      ResourceRequirements resources,
      Map<String, String> labels,
      Map<String, String> annotations) {
    this(container, command, claimName, secrets, resources, labels, annotations, false, null);
  }

  /** This pod reaching the object store as {@code access} says, without a claim. */
  EnginePod withObjectStore(ObjectStoreAccess access) {
    return new EnginePod(
        container, command, null, secrets, resources, labels, annotations, false, access);
  }

  /**
   * The template, run as {@code config} and {@code security} say, placed as {@code settings} say.
   */
  PodTemplateSpec template(OperatorConfig config, JobSettings settings, EngineSecurity security) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        // Never: each retry is a new pod, whose termination message stays readable.
        .withRestartPolicy("Never")
        .withServiceAccountName(config.engineServiceAccount())
        .withAutomountServiceAccountToken(false)
        .withImagePullSecrets(settings.getImagePullSecrets())
        .withNodeSelector(settings.getNodeSelector())
        .withTolerations(settings.getTolerations())
        .withAffinity(settings.getAffinity())
        .withPriorityClassName(settings.getPriorityClassName())
        .withSecurityContext(security.pod())
        .withContainers(
            new ContainerBuilder()
                .withName(container)
                .withImage(config.engineImage())
                .withImagePullPolicy(pullPolicy(settings, config))
                .withCommand(command)
                .withEnv(
                    objectStore == null || objectStore.env().isEmpty() ? null : objectStore.env())
                .withResources(resources)
                .withSecurityContext(security.container())
                .withVolumeMounts(mounts())
                .withTerminationMessagePath(EngineCommand.TERMINATION_LOG)
                .withTerminationMessagePolicy("File")
                .build())
        .withVolumes(volumes())
        .endSpec()
        .build();
  }

  /** The engine image's pull policy: the spec's, else the operator's. */
  static String pullPolicy(JobSettings settings, OperatorConfig config) {
    return settings.getImagePullPolicy() != null
        ? settings.getImagePullPolicy().name()
        : config.engineImagePullPolicy();
  }

  private List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    if (claimName != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("target")
              .withMountPath(TargetDirectory.MOUNT_PATH)
              .withReadOnly(readOnlyTarget ? Boolean.TRUE : null)
              .build());
    }
    // The root file system is read-only; the JVM and the engine write temporary files here.
    mounts.add(mount("tmp", "/tmp"));
    mounts.addAll(secrets.mounts());
    if (objectStore != null) {
      mounts.addAll(objectStore.mounts());
    }
    return mounts;
  }

  private List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    if (claimName != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("target")
              .withNewPersistentVolumeClaim()
              .withClaimName(claimName)
              .withReadOnly(readOnlyTarget ? Boolean.TRUE : null)
              .endPersistentVolumeClaim()
              .build());
    }
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    volumes.addAll(secrets.volumes());
    if (objectStore != null) {
      volumes.addAll(objectStore.volumes());
    }
    return volumes;
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }
}

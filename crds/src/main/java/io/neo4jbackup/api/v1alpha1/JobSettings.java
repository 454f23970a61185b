package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * The settings of the Job, and of its pod, that runs the engine for one backup or restore. The
 * image, the service account and the baseline security contexts are the operator's (its
 * configuration), never the spec's: creating a Neo4jBackup must not let anyone run another image,
 * or run with more privileges.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSettings {

  @JsonPropertyDescription(
      "When to pull the engine image (the operator's, which a backup or restore cannot change):"
          + " Always, IfNotPresent or Never. Defaults to the operator's setting.")
  private ImagePullPolicy imagePullPolicy;

  @JsonPropertyDescription(
      "Secrets, in the resource's namespace, for pulling the image (as in a Pod's spec).")
  private List<LocalObjectReference> imagePullSecrets;

  @JsonPropertyDescription(
      "CPU and memory for the engine's container (see `kubectl explain pod.spec.containers.resources`)."
          + " Verification runs the consistency checker in the same container: give it memory in"
          + " proportion to the store.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Node labels the engine's pod must be scheduled on.")
  private Map<String, String> nodeSelector;

  @JsonPropertyDescription(
      "Tolerations of the engine's pod (see `kubectl explain pod.spec.tolerations`).")
  private List<Toleration> tolerations;

  @JsonPropertyDescription(
      "Affinity of the engine's pod (see `kubectl explain pod.spec.affinity`), for example to run"
          + " it where a ReadWriteOnce claim is mounted.")
  private Affinity affinity;

  @JsonPropertyDescription(
      "Security context of the engine's pod (see `kubectl explain pod.spec.securityContext`),"
          + " applied field by field over the operator's (by default non-root uid and gid 7474,"
          + " `fsGroup` 7474 so that the target volume is writable, seccomp RuntimeDefault). It"
          + " may only tighten it: the resource fails with InvalidSpec when it sets runAsNonRoot"
          + " false, runAsUser, runAsGroup or fsGroup 0, supplementalGroups with 0, seccomp or"
          + " AppArmor Unconfined, seLinuxOptions, sysctls or windowsOptions.")
  private PodSecurityContext securityContext;

  @JsonPropertyDescription(
      "Security context of the engine's container (see `kubectl explain"
          + " pod.spec.containers.securityContext`), applied field by field over the operator's"
          + " (by default all capabilities dropped, no privilege escalation, a read-only root"
          + " file system). It may only tighten it: the resource fails with InvalidSpec when it sets"
          + " privileged, allowPrivilegeEscalation true, readOnlyRootFilesystem false,"
          + " runAsNonRoot false, runAsUser or runAsGroup 0, added capabilities, procMount"
          + " Unmasked, seccomp or AppArmor Unconfined, seLinuxOptions or windowsOptions. Dropped"
          + " capabilities add to the operator's.")
  private SecurityContext containerSecurityContext;

  @JsonPropertyDescription("PriorityClass of the engine's pod.")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String priorityClassName;

  @JsonPropertyDescription(
      "Extra labels on the engine's pod (for example to select it in NetworkPolicies).")
  private Map<String, String> podLabels;

  @JsonPropertyDescription(
      "Extra annotations on the engine's pod, for example `sidecar.istio.io/inject: \"false\"`: a"
          + " sidecar that never exits keeps the Job, and so the backup or restore, from completing."
          + " AppArmor or seccomp annotations asking for `unconfined` are refused (InvalidSpec).")
  private Map<String, String> podAnnotations;

  @JsonPropertyDescription(
      "How many times a failed backup pod is retried before the backup fails. Retries repeat the"
          + " whole backup. A restore pod is never retried: a restore ignores it.")
  @Default("2")
  @Min(0)
  @Max(10)
  private Integer backoffLimit;

  @JsonPropertyDescription(
      "Longest time, in seconds, the backup or restore may run (retries included) before it fails"
          + " with DeadlineExceeded. A hung backup otherwise blocks its schedule. Default 6 hours.")
  @Default("21600")
  @Min(60)
  private Long activeDeadlineSeconds;

  public ImagePullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(ImagePullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  public PodSecurityContext getSecurityContext() {
    return securityContext;
  }

  public void setSecurityContext(PodSecurityContext securityContext) {
    this.securityContext = securityContext;
  }

  public SecurityContext getContainerSecurityContext() {
    return containerSecurityContext;
  }

  public void setContainerSecurityContext(SecurityContext containerSecurityContext) {
    this.containerSecurityContext = containerSecurityContext;
  }

  public String getPriorityClassName() {
    return priorityClassName;
  }

  public void setPriorityClassName(String priorityClassName) {
    this.priorityClassName = priorityClassName;
  }

  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }
}

package io.neo4jbackup.embedded;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for a cluster's Job controller and kubelet: each Job that appears in the API gets a pod
 * whose one container's command runs as a local process, and the pod's and the Job's statuses are
 * written as a real cluster writes them (termination message, exit code, Complete or Failed with
 * BackoffLimitExceeded or DeadlineExceeded).
 *
 * <p>What a container would see is mapped onto the local machine, and nothing else: a
 * PersistentVolumeClaim becomes a directory under {@code volumes/<namespace>/<claim>} (a mount with
 * a subPath, its subdirectory; a read-only mount is not enforced), an emptyDir or a Secret a
 * directory of the pod, the termination log a file of the pod, and every mount path in the command
 * and its arguments is replaced by its local directory. {@code addresses} rewrites Service
 * addresses in arguments (a port that differs locally), and the environment given here (for example
 * a hosts file that resolves Service DNS names) is added to the container's.
 */
final class LocalKubelet implements AutoCloseable {

  /** The kubelet keeps at most this much of a termination message. */
  private static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";

  private final KubernetesClient client;
  private final Path work;
  private final Map<String, String> addresses;
  private final Map<String, String> environment;
  private final Consumer<String> say;
  private final ExecutorService pods =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "local-kubelet");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private SharedIndexInformer<Job> jobs;

  LocalKubelet(
      KubernetesClient client,
      Path work,
      Map<String, String> addresses,
      Map<String, String> environment,
      Consumer<String> say) {
    this.client = client;
    this.work = work;
    this.addresses = Map.copyOf(addresses);
    this.environment = Map.copyOf(environment);
    this.say = say;
  }

  /** The local directory standing in for {@code claim} in {@code namespace}. */
  Path claimDirectory(String namespace, String claim) {
    return work.resolve("volumes").resolve(namespace).resolve(claim);
  }

  void start() {
    jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    if (!finished(job) && started.add(job.getMetadata().getUid())) {
                      pods.submit(() -> runJob(job));
                    }
                  }

                  @Override
                  public void onUpdate(Job before, Job job) {}

                  @Override
                  public void onDelete(Job job, boolean finalStateUnknown) {
                    Process process = running.remove(job.getMetadata().getUid());
                    if (process != null) {
                      say.accept(
                          "local kubelet: Job "
                              + job.getMetadata().getName()
                              + " deleted, stopping its process");
                      process.descendants().forEach(ProcessHandle::destroyForcibly);
                      process.destroyForcibly();
                    }
                  }
                });
  }

  private void runJob(Job job) {
    try {
      Integer limit = job.getSpec().getBackoffLimit();
      int backoffLimit = limit == null ? 6 : limit;
      Long deadlineSeconds = job.getSpec().getActiveDeadlineSeconds();
      Instant deadline =
          deadlineSeconds == null ? Instant.MAX : Instant.now().plusSeconds(deadlineSeconds);
      String startTime = now();
      int failed = 0;
      while (true) {
        writeJobStatus(job, new JobStatusBuilder().withStartTime(startTime).withActive(1).build());
        PodRun run = runPod(job, deadline);
        if (run.deleted()) {
          return;
        }
        if (run.exitCode() == 0) {
          writeJobStatus(job, finished(startTime, 1, failed, "Complete", null, null));
          return;
        }
        failed++;
        if (run.deadlineExceeded()) {
          writeJobStatus(
              job,
              finished(
                  startTime,
                  0,
                  failed,
                  "Failed",
                  "DeadlineExceeded",
                  "Job was active longer than specified deadline"));
          return;
        }
        if (failed > backoffLimit) {
          writeJobStatus(
              job,
              finished(
                  startTime,
                  0,
                  failed,
                  "Failed",
                  "BackoffLimitExceeded",
                  "Job has reached the specified backoff limit"));
          return;
        }
        // As the Job controller: 10 s before the second pod, doubling, at most 6 minutes.
        Thread.sleep(Math.min(10_000L << Math.min(failed - 1, 6), 360_000L));
      }
    } catch (RuntimeException | IOException e) {
      say.accept("local kubelet: Job " + job.getMetadata().getName() + " broke: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record PodRun(int exitCode, boolean deadlineExceeded, boolean deleted) {}

  private PodRun runPod(Job job, Instant deadline) throws IOException, InterruptedException {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName() + "-" + suffix();
    Path podDirectory = work.resolve("pods").resolve(namespace).resolve(name);
    Files.createDirectories(podDirectory);
    Map<String, Path> volumes = volumes(namespace, job, podDirectory);
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> paths = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path local = volumes.get(mount.getName());
      if (mount.getSubPath() != null) {
        local = local.resolve(mount.getSubPath());
      }
      Files.createDirectories(local);
      paths.put(mount.getMountPath(), local.toString());
    }
    String terminationPath =
        container.getTerminationMessagePath() == null
            ? DEFAULT_TERMINATION_PATH
            : container.getTerminationMessagePath();
    Path terminationLog = podDirectory.resolve("termination-log");
    paths.put(terminationPath, terminationLog.toString());

    List<String> command = new ArrayList<>();
    if (container.getCommand() != null) {
      container.getCommand().forEach(word -> command.add(localize(word, paths)));
    }
    if (container.getArgs() != null) {
      container.getArgs().forEach(word -> command.add(localize(word, paths)));
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(podDirectory.toFile());
    if (container.getEnv() != null) {
      for (EnvVar variable : container.getEnv()) {
        if (variable.getValue() != null) {
          builder.environment().put(variable.getName(), localize(variable.getValue(), paths));
        }
      }
    }
    builder.environment().putAll(environment);
    Path output = podDirectory.resolve("output.log");
    builder.redirectErrorStream(true).redirectOutput(output.toFile());

    Pod pod = client.resource(pod(job, name)).create();
    say.accept(
        "local kubelet: pod "
            + namespace
            + "/"
            + name
            + " runs its container as a local process (output in "
            + output
            + ")");
    String startedAt = now();
    Process process = builder.start();
    running.put(job.getMetadata().getUid(), process);
    long waitMillis =
        deadline.equals(Instant.MAX)
            ? Long.MAX_VALUE
            : Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
    boolean exited = process.waitFor(waitMillis, TimeUnit.MILLISECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    boolean deleted = running.remove(job.getMetadata().getUid()) == null;
    int exitCode = process.exitValue();
    terminate(pod, startedAt, exitCode, message(terminationLog), !exited);
    return new PodRun(exitCode, !exited, deleted);
  }

  /** Local directories for the pod's volumes: claims are shared, the rest belong to the pod. */
  private Map<String, Path> volumes(String namespace, Job job, Path podDirectory)
      throws IOException {
    Map<String, Path> volumes = new HashMap<>();
    for (Volume volume : job.getSpec().getTemplate().getSpec().getVolumes()) {
      Path local;
      if (volume.getPersistentVolumeClaim() != null) {
        local = claimDirectory(namespace, volume.getPersistentVolumeClaim().getClaimName());
      } else {
        local = podDirectory.resolve("volumes").resolve(volume.getName());
        if (volume.getSecret() != null) {
          writeSecret(namespace, volume.getSecret().getSecretName(), local);
        }
      }
      Files.createDirectories(local);
      volumes.put(volume.getName(), local);
    }
    return volumes;
  }

  private void writeSecret(String namespace, String name, Path directory) throws IOException {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    Files.createDirectories(directory);
    if (secret == null || secret.getData() == null) {
      return;
    }
    for (Map.Entry<String, String> key : secret.getData().entrySet()) {
      Files.write(directory.resolve(key.getKey()), Base64.getDecoder().decode(key.getValue()));
    }
  }

  /**
   * {@code word} with the Service addresses rewritten and every mount path replaced by its local
   * directory, in one pass (longest mount path first), so a replacement is never replaced again.
   */
  private String localize(String word, Map<String, String> paths) {
    String localized = word;
    for (Map.Entry<String, String> address : addresses.entrySet()) {
      localized = localized.replace(address.getKey(), address.getValue());
    }
    List<String> mountPaths = new ArrayList<>(paths.keySet());
    mountPaths.sort(Comparator.comparing(String::length).reversed());
    StringJoiner alternatives = new StringJoiner("|", "(?:", ")(?=/|$|[\\s\"';])");
    mountPaths.forEach(mountPath -> alternatives.add(Pattern.quote(mountPath)));
    return Pattern.compile(alternatives.toString())
        .matcher(localized)
        .replaceAll(match -> Matcher.quoteReplacement(paths.get(match.group())));
  }

  private Pod pod(Job job, String name) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("job-name", job.getMetadata().getName());
    labels.put("controller-uid", job.getMetadata().getUid());
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase("Running")
        .withStartTime(now())
        .endStatus()
        .build();
  }

  private void terminate(
      Pod pod, String startedAt, int exitCode, String message, boolean deadlineExceeded) {
    Container container = pod.getSpec().getContainers().get(0);
    Pod terminated =
        new PodBuilder(pod)
            .withStatus(
                new PodStatusBuilder(pod.getStatus())
                    .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withReason(deadlineExceeded ? "DeadlineExceeded" : null)
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName(container.getName())
                            .withImage(container.getImage())
                            .withReady(false)
                            .withNewState()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withMessage(message)
                            .withStartedAt(startedAt)
                            .withFinishedAt(now())
                            .endTerminated()
                            .endState()
                            .build())
                    .build())
            .build();
    try {
      client.resource(terminated).updateStatus();
    } catch (RuntimeException podGone) {
      // The Job and its pods were deleted meanwhile: nothing left to report to.
    }
  }

  private static String message(Path terminationLog) {
    try {
      if (!Files.exists(terminationLog)) {
        return null;
      }
      byte[] bytes = Files.readAllBytes(terminationLog);
      int length = Math.min(bytes.length, TERMINATION_MESSAGE_LIMIT);
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeJobStatus(Job job, JobStatus status) {
    Job current = client.resource(job).get();
    if (current == null) {
      return;
    }
    client.resource(new JobBuilder(current).withStatus(status).build()).updateStatus();
  }

  private static JobStatus finished(
      String startTime, int succeeded, int failed, String type, String reason, String message) {
    JobStatusBuilder status =
        new JobStatusBuilder()
            .withStartTime(startTime)
            .withActive(0)
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withConditions(
                new JobConditionBuilder()
                    .withType(type)
                    .withStatus("True")
                    .withReason(reason)
                    .withMessage(message)
                    .withLastProbeTime(now())
                    .withLastTransitionTime(now())
                    .build());
    if (succeeded > 0) {
      status.withCompletionTime(now());
    }
    return status.build();
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                condition ->
                    ("Complete".equals(condition.getType()) || "Failed".equals(condition.getType()))
                        && "True".equals(condition.getStatus()));
  }

  private static String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return suffix.toString();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    if (jobs != null) {
      jobs.close();
    }
    running.values().forEach(process -> process.descendants().forEach(ProcessHandle::destroy));
    running.values().forEach(Process::destroy);
    pods.shutdownNow();
  }
}

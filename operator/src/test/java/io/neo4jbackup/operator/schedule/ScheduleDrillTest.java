package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ChainPolicy;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.job.DrillJob;
import io.neo4jbackup.operator.job.ScheduleNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schedule's restore drills against a mock Kubernetes API on a hand-moved clock: backups hourly
 * at :00, drills hourly at :30. The tests play the backup reconciler, the Job controller and the
 * kubelet (a drill pod's termination message is the contract's golden line).
 */
class ScheduleDrillTest {

  private static final String NAMESPACE = "graph";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Path GOLDEN = Path.of("../engine/contract/golden");
  private static final String QUERY = "MATCH (n:Customer) RETURN count(n) > 0";

  private TestingClock clock;
  private TestingScheduleCluster cluster;
  private KubernetesClient client;
  private Instant nextHour;

  @BeforeEach
  void start() {
    await()
        .atMost(Duration.ofSeconds(70))
        .until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getMinute() < 59);
    Instant start = Instant.now().plusSeconds(5);
    clock = new TestingClock(start);
    nextHour = start.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    cluster = new TestingScheduleCluster(clock, NAMESPACE);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aDueDrillRunsOneJobOnTheNewestBackupAndAFailedDrillIsReported() throws Exception {
    create();
    Neo4jBackup backup = firstBackupSucceeded();
    Instant slot = nextHour.minus(30, ChronoUnit.MINUTES);

    clock.set(slot.plusSeconds(5));

    Job job = awaitDrillJob(slot);
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand())
        .endsWith(
            "drill",
            "/backup/" + backup.getSpec().getTarget().getPath(),
            "-drill-query",
            QUERY,
            "-drill-expect",
            "true",
            "-json");
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("target"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(DrillJob.BACKUP_ANNOTATION, backup.getMetadata().getName());
    assertThat(awaitStatus(s -> s.getLastDrillTime() != null).getLastDrillTime())
        .isEqualTo(slot.toString());
    awaitEvents("DrillStarted");

    client
        .resource(drillPod(job, 6, Files.readString(GOLDEN.resolve("drill-failed.json"))))
        .create();
    endJob(job, "Failed");

    Neo4jBackupScheduleStatus status = awaitStatus(s -> s.getLastDrill() != null);
    assertThat(status.getLastDrill())
        .satisfies(d -> assertThat(d.getBackupName()).isEqualTo(backup.getMetadata().getName()))
        .satisfies(d -> assertThat(d.getPassed()).isFalse())
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("false"))
        .satisfies(d -> assertThat(d.getExpected()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getLastTxId()).isEqualTo(1171))
        .satisfies(d -> assertThat(d.getMessage()).contains("answered false"));
    ScheduleCondition drillPassed = condition(status, ScheduleConditionType.DrillPassed);
    assertThat(drillPassed.getStatus()).isEqualTo(ConditionStatus.False);
    assertThat(drillPassed.getReason()).isEqualTo(ScheduleConditionReason.DrillFailed);
    awaitEvents("DrillFailed");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                cluster
                    .meters()
                    .counter(
                        "neo4j.backup.schedule.drills",
                        "namespace",
                        NAMESPACE,
                        "schedule",
                        "nightly",
                        "outcome",
                        "failed")
                    .count(),
            count -> count == 1);
    assertThat(
            cluster
                .meters()
                .get("neo4j.backup.schedule.last.drill.passed")
                .tag("schedule", "nightly")
                .gauge()
                .value())
        .isZero();
    assertThat(drillJobs()).hasSize(1);
  }

  @Test
  void aDrillThatPassedSetsDrillPassed() throws Exception {
    create();
    firstBackupSucceeded();
    Instant slot = nextHour.minus(30, ChronoUnit.MINUTES);
    clock.set(slot.plusSeconds(5));
    Job job = awaitDrillJob(slot);

    client
        .resource(drillPod(job, 0, Files.readString(GOLDEN.resolve("drill-succeeded.json"))))
        .create();
    endJob(job, "Complete");

    Neo4jBackupScheduleStatus status = awaitStatus(s -> s.getLastDrill() != null);
    assertThat(status.getLastDrill().getPassed()).isTrue();
    assertThat(condition(status, ScheduleConditionType.DrillPassed).getStatus())
        .isEqualTo(ConditionStatus.True);
    awaitEvents("DrillPassed");
  }

  @Test
  void anOperatorRestartedBeforeTheStatusWasWrittenStartsNoSecondDrill() throws Exception {
    create();
    firstBackupSucceeded();
    Instant slot = nextHour.minus(30, ChronoUnit.MINUTES);
    clock.set(slot.plusSeconds(5));
    awaitDrillJob(slot);
    awaitStatus(s -> s.getLastDrillTime() != null);

    cluster.stopOperator();
    Neo4jBackupSchedule forgotten = get();
    forgotten.getStatus().setLastDrillTime(null); // as if the status write had been lost
    client.resource(forgotten).updateStatus();
    clock.set(slot.plusSeconds(65));
    cluster.startOperator();

    assertThat(awaitStatus(s -> s.getLastDrillTime() != null).getLastDrillTime())
        .isEqualTo(slot.toString());
    assertThat(drillJobs()).hasSize(1);
    assertThat(events().stream().filter("DrillStarted"::equals)).hasSize(1);
  }

  @Test
  void noDrillStartsWhileABackupRunsItStartsOnceTheBackupHasFinished() throws Exception {
    create();
    firstBackupSucceeded();
    Instant slot = nextHour.minus(30, ChronoUnit.MINUTES);
    Instant tick = nextHour;
    clock.set(tick.plusSeconds(5)); // the :30 drill was not run: the operator was "down"
    Neo4jBackup running = awaitBackup(tick);
    awaitStatus(s -> s.getActiveBackups() != null);

    clock.set(tick.plusSeconds(65));
    await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> drillJobs().isEmpty());

    succeed(running, 20);
    Job job = awaitDrillJob(slot);
    assertThat(job.getMetadata().getAnnotations())
        .as("the newest successful backup is drilled")
        .containsEntry(DrillJob.BACKUP_ANNOTATION, running.getMetadata().getName());
    assertThat(drillJobs()).hasSize(1);
  }

  private void create() {
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule("0 * * * *");
    spec.setChain(new ChainPolicy());
    BackupTemplateSpec template = new BackupTemplateSpec();
    template.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    template.setTarget(target);
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    spec.setBackupTemplate(backupTemplate);
    ScheduleDrill drill = new ScheduleDrill();
    // Once a day, half an hour after the first backup's tick: no drill falls due between the
    // schedule's creation and that backup, whatever the minute the test starts at.
    drill.setSchedule("30 " + nextHour.atZone(java.time.ZoneOffset.UTC).getHour() + " * * *");
    drill.setQuery(QUERY);
    drill.setExpect("true");
    spec.setDrill(drill);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName("nightly");
    schedule.getMetadata().setNamespace(NAMESPACE);
    schedule.setSpec(spec);
    client.resource(schedule).create();
    awaitStatus(s -> s.getNextScheduleTime() != null);
  }

  /** The first tick's backup, succeeded and recorded. */
  private Neo4jBackup firstBackupSucceeded() {
    Instant tick = nextHour;
    clock.set(tick.plusSeconds(5));
    nextHour = nextHour.plus(1, ChronoUnit.HOURS);
    Neo4jBackup backup = awaitBackup(tick);
    succeed(backup, 10);
    awaitStatus(s -> s.getLastSuccessfulBackup() != null);
    return backup;
  }

  private Neo4jBackup awaitBackup(Instant tick) {
    String name = ScheduleNames.backup("nightly", tick);
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get(),
            Objects::nonNull);
  }

  private void succeed(Neo4jBackup backup, long lastTransaction) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setMode(backup.getSpec().getMode());
    status.setCompletionTime(clock.instant().plusSeconds(5).toString());
    status.setDuration("5s");
    status.setLastTransactionId(lastTransaction);
    backup.setStatus(status);
    client.resource(backup).updateStatus();
  }

  private Job awaitDrillJob(Instant slot) {
    String name = ScheduleNames.drillJob("nightly", slot);
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get(),
            Objects::nonNull);
  }

  private List<Job> drillJobs() {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/component", ScheduleNames.DRILL_COMPONENT)
        .list()
        .getItems();
  }

  /** As the kubelet: the Job's pod, its drill container ended with this line. */
  private static Pod drillPod(Job job, int exitCode, String terminationMessage) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-abcde")
        .withNamespace(NAMESPACE)
        .addToLabels("job-name", job.getMetadata().getName())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withNewStatus()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .addNewContainerStatus()
        .withName(DrillJob.CONTAINER)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withMessage(terminationMessage)
        .withFinishedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  /** As the Job controller: the Job ended ({@code Complete} or {@code Failed}). */
  private void endJob(Job job, String type) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    client
        .resource(
            new JobBuilder(job)
                .withStatus(
                    new JobStatusBuilder()
                        .withCompletionTime(type.equals("Complete") ? now : null)
                        .withConditions(
                            new JobConditionBuilder()
                                .withType(type)
                                .withStatus("True")
                                .withLastTransitionTime(now)
                                .build())
                        .build())
                .build())
        .updateStatus();
  }

  private Neo4jBackupSchedule get() {
    return client
        .resources(Neo4jBackupSchedule.class)
        .inNamespace(NAMESPACE)
        .withName("nightly")
        .get();
  }

  private Neo4jBackupScheduleStatus awaitStatus(Predicate<Neo4jBackupScheduleStatus> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(() -> get().getStatus(), status -> status != null && condition.test(status));
  }

  private List<String> events() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "nightly".equals(e.getInvolvedObject().getName()))
        .filter(e -> "Neo4jBackupSchedule".equals(e.getInvolvedObject().getKind()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  private void awaitEvents(String... reasons) {
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events()).contains(reasons));
  }

  private static ScheduleCondition condition(
      Neo4jBackupScheduleStatus status, ScheduleConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + status.getConditions()));
  }
}

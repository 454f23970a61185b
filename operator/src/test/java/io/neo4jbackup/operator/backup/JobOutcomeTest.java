package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.operator.job.BackupJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

  private static final String SUCCEEDED =
      "{\"status\":\"succeeded\",\"result\":{\"mode\":\"FULL\",\"target\":\"/backup/a\","
          + "\"database\":\"neo4j\",\"storeId\":\"s\",\"member\":\"m:6362\",\"firstTxId\":1,"
          + "\"lastTxId\":2,\"bytes\":3,\"files\":4,\"duration\":\"PT1S\"}}";
  private static final String UNREACHABLE =
      "{\"status\":\"failed\",\"failure\":\"CONNECTION\",\"message\":\"refused\"}";

  @Test
  void aJobWithoutAFinalConditionIsRunning() {
    assertThat(JobOutcome.of(job(null, null), List.of(terminated("p1", 3, UNREACHABLE, "10:00"))))
        .isInstanceOf(JobOutcome.Running.class);
  }

  @Test
  void aCompleteJobSucceedsWithTheResultOfItsSucceededPod() {
    JobOutcome outcome =
        JobOutcome.of(
            job("Complete", null),
            List.of(
                terminated("p1", 3, UNREACHABLE, "10:00"),
                terminated("p2", 0, SUCCEEDED, "10:05")));

    assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
    assertThat(((JobOutcome.Succeeded) outcome).result().lastTransactionId()).isEqualTo(2);
  }

  @Test
  void aCompleteJobWhosePodIsGoneIsNeverReportedAsASuccess() {
    assertThat(reason(JobOutcome.of(job("Complete", null), List.of())))
        .isEqualTo(FailureReason.PodLost);
  }

  @Test
  void aFailedJobFailsWithTheReasonOfItsLastPod() {
    JobOutcome outcome =
        JobOutcome.of(
            job("Failed", "BackoffLimitExceeded"),
            List.of(
                terminated(
                    "p2", 6, "{\"status\":\"failed\",\"failure\":\"VERIFICATION\"}", "10:09"),
                terminated("p1", 3, UNREACHABLE, "10:00")));

    assertThat(reason(outcome)).isEqualTo(FailureReason.VerificationFailed);
  }

  @Test
  void podsOfAnotherJobAreIgnored() {
    Pod other =
        new PodBuilder(
                terminated(
                    "p9", 6, "{\"status\":\"failed\",\"failure\":\"VERIFICATION\"}", "11:00"))
            .editMetadata()
            .editFirstOwnerReference()
            .withUid("another-job")
            .endOwnerReference()
            .endMetadata()
            .build();

    JobOutcome outcome =
        JobOutcome.of(
            job("Failed", "BackoffLimitExceeded"),
            List.of(other, terminated("p1", 3, UNREACHABLE, "10:00")));

    assertThat(reason(outcome)).isEqualTo(FailureReason.Unreachable);
  }

  @Test
  void aJobPastItsDeadlineSaysWhatItsPodWasWaitingFor() {
    Pod waiting =
        new PodBuilder(pod("p1"))
            .withNewStatus()
            .withPhase("Pending")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CreateContainerConfigError")
                    .withMessage("secret \"neo4j-backup-tls\" not found")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();

    JobOutcome outcome = JobOutcome.of(job("Failed", "DeadlineExceeded"), List.of(waiting));

    assertThat(reason(outcome)).isEqualTo(FailureReason.DeadlineExceeded);
    assertThat(((JobOutcome.Failed) outcome).message())
        .contains("(60 s)", "CreateContainerConfigError", "neo4j-backup-tls");
  }

  @Test
  void aPodTakenAwayByItsNodeIsLostNotFailed() {
    Pod evicted =
        new PodBuilder(terminated("p1", 137, null, "10:00"))
            .editStatus()
            .withReason("NodeLost")
            .withMessage("node worker-3 stopped responding")
            .endStatus()
            .build();

    JobOutcome outcome = JobOutcome.of(job("Failed", "BackoffLimitExceeded"), List.of(evicted));

    assertThat(reason(outcome)).isEqualTo(FailureReason.PodLost);
    assertThat(((JobOutcome.Failed) outcome).message()).contains("NodeLost", "worker-3");
  }

  @Test
  void aFailedJobWithoutAnyEndedPodLostItsPods() {
    assertThat(reason(JobOutcome.of(job("Failed", "BackoffLimitExceeded"), List.of(pod("p1")))))
        .isEqualTo(FailureReason.PodLost);
  }

  private static final Instant CREATED = Instant.parse("2026-01-01T09:00:00Z");

  @Test
  void aPodWhoseImageCannotBePulledIsStuckAtOnce() {
    Pod pod = waiting("p1", "ImagePullBackOff", "Back-off pulling image \"engine:9\"");

    assertThat(JobOutcome.stuck(List.of(pod), CREATED.plusSeconds(5)))
        .contains("its pod p1 waits (ImagePullBackOff: Back-off pulling image \"engine:9\")");
  }

  @Test
  void aPodThatCannotBeScheduledIsStuck() {
    Pod pod =
        new PodBuilder(pod("p1"))
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/1 nodes are available: 1 Insufficient memory.")
            .endCondition()
            .endStatus()
            .build();

    assertThat(JobOutcome.stuck(List.of(pod), CREATED.plusSeconds(5)))
        .contains(
            "its pod p1 cannot be scheduled (Unschedulable: 0/1 nodes are available: 1"
                + " Insufficient memory.)");
  }

  @Test
  void aPodIsStuckInContainerCreatingOnlyAfterAMinute() {
    List<Pod> pods = List.of(waiting("p1", "ContainerCreating", null));

    assertThat(JobOutcome.stuck(pods, CREATED.plusSeconds(59))).isEmpty();
    assertThat(JobOutcome.stuck(pods, CREATED.plusSeconds(61)))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("its pod p1 has been ContainerCreating for more than 60 s")
                    .contains("a Secret or PersistentVolumeClaim it mounts may be missing"));
  }

  @Test
  void aRunningPodOrNoPodIsNotStuck() {
    Pod running =
        new PodBuilder(pod("p1"))
            .withNewStatus()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(BackupJob.CONTAINER)
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build();

    assertThat(JobOutcome.stuck(List.of(running), CREATED.plusSeconds(600))).isEmpty();
    assertThat(JobOutcome.stuck(List.of(), CREATED)).isEmpty();
  }

  private static Pod waiting(String name, String reason, String message) {
    return new PodBuilder(pod(name))
        .withNewStatus()
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
        .endStatus()
        .build();
  }

  private static FailureReason reason(JobOutcome outcome) {
    assertThat(outcome).isInstanceOf(JobOutcome.Failed.class);
    return ((JobOutcome.Failed) outcome).reason();
  }

  private static Job job(String condition, String reason) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("nightly")
            .withUid("job-uid")
            .endMetadata()
            .withNewSpec()
            .withActiveDeadlineSeconds(60L)
            .endSpec();
    if (condition != null) {
      job.withNewStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(reason)
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp("2026-01-01T09:00:00Z")
        .addNewOwnerReference()
        .withKind("Job")
        .withName("nightly")
        .withUid("job-uid")
        .endOwnerReference()
        .endMetadata()
        .build();
  }

  private static Pod terminated(String name, int exitCode, String message, String finishedAt) {
    return new PodBuilder(pod(name))
        .withNewStatus()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(BackupJob.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withMessage(message)
                .withFinishedAt("2026-01-01T" + finishedAt + ":00Z")
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }
}

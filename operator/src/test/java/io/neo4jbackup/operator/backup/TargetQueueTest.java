package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.job.BackupJob;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetQueueTest {

  private final Neo4jBackup me = backup("me", "10:00:05", "claim", "neo4j/prod", null);

  @Test
  void aBackupAloneOnItsTargetStarts() {
    assertThat(TargetQueue.waitsFor(me, List.of(me))).isEmpty();
  }

  @Test
  void aBackupWaitsForOneRunningIntoItsTargetEvenIfThatOneIsYounger() {
    Neo4jBackup running =
        backup("younger", "10:00:09", "claim", "/neo4j/prod", BackupPhase.Running);

    assertThat(TargetQueue.waitsFor(me, List.of(me, running))).contains(running);
  }

  @ParameterizedTest(name = "{0} created {1} into {2}:{3} ({4}) -> waits: {5}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          older,   10:00:04, claim, neo4j/prod,  null,      true
          older,   10:00:04, claim, neo4j/prod,  Pending,   true
          alpha,   10:00:05, claim, neo4j/prod,  null,      true
          zulu,    10:00:05, claim, neo4j/prod,  null,      false
          younger, 10:00:06, claim, neo4j/prod,  null,      false
          older,   10:00:04, claim, neo4j/prod,  Succeeded, false
          older,   10:00:04, claim, neo4j/prod,  Failed,    false
          older,   10:00:04, other, neo4j/prod,  null,      false
          older,   10:00:04, claim, neo4j/test,  null,      false
          older,   10:00:04, claim, neo4j/prod/x, null,     false
          older,   10:00:04, claim, ../escape,   null,      false
          """)
  void aBackupWaitsForAnUnfinishedOlderOneIntoTheSameTarget(
      String name, String created, String claim, String path, BackupPhase phase, boolean waits) {
    Neo4jBackup other = backup(name, created, claim, path, phase);

    assertThat(TargetQueue.waitsFor(me, List.of(other, me)).isPresent()).isEqualTo(waits);
  }

  @ParameterizedTest(name = "{0} created {1} into {2}:{3} ({4}) -> refuses me: {5}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          # A directory that contains mine, or lies inside it, whatever its state...
          outer,   10:00:09, claim, neo4j,                               Running,   true
          outer,   10:00:09, claim, /neo4j,                              Succeeded, true
          outer,   10:00:09, claim, neo4j,                               FailedAfterItsJob, true
          inner,   10:00:09, claim, neo4j/prod/x,                        Running,   true
          inner,   10:00:01, claim, neo4j/prod/x,                        null,      true
          chain,   10:00:09, claim, neo4j/prod/chain-20260105T023000Z,   Succeeded, true
          # ... except a younger one that has not started (it is refused in turn) ...
          inner,   10:00:09, claim, neo4j/prod/x,                        null,      false
          inner,   10:00:09, claim, neo4j/prod/x,                        Pending,   false
          # ... and one that failed before it ever ran, writing nothing.
          outer,   10:00:01, claim, neo4j,                               Failed,    false
          # The same directory is a queue, not a refusal; siblings and other claims are apart.
          same,    10:00:01, claim, neo4j/prod,                          Running,   false
          sibling, 10:00:01, claim, neo4j/prod2,                         Running,   false
          sibling, 10:00:01, claim, neo4j/pro,                           Running,   false
          sibling, 10:00:01, claim, neo4j/test,                          Succeeded, false
          other,   10:00:01, other, neo4j,                               Running,   false
          """)
  void aBackupIsRefusedWhenItsDirectoryContainsOrLiesInsideAnothersOnTheClaim(
      String name, String created, String claim, String path, String state, boolean refused) {
    boolean ranAndFailed = "FailedAfterItsJob".equals(state);
    Neo4jBackup other =
        backup(
            name,
            created,
            claim,
            path,
            state == null ? null : ranAndFailed ? BackupPhase.Failed : BackupPhase.valueOf(state));
    if (ranAndFailed || "Succeeded".equals(state)) {
      other.getStatus().setJobName(name);
    }

    assertThat(TargetQueue.nested(me, List.of(other, me)))
        .isEqualTo(refused ? Optional.of(other) : Optional.empty());
  }

  @Test
  void ofTwoNestedBackupsThatHaveNotStartedTheOlderGoesAndTheYoungerIsRefused() {
    Neo4jBackup younger = backup("younger", "10:00:09", "claim", "neo4j", null);

    assertThat(TargetQueue.nested(me, List.of(me, younger))).isEmpty();
    assertThat(TargetQueue.nested(younger, List.of(me, younger))).contains(me);
  }

  @Test
  void aNestedBackupBeingDeletedForbidsNothing() {
    Neo4jBackup deleted = backup("outer", "10:00:00", "claim", "neo4j", BackupPhase.Running);
    deleted.getMetadata().setDeletionTimestamp("2026-01-01T10:01:00Z");

    assertThat(TargetQueue.nested(me, List.of(deleted, me))).isEmpty();
  }

  @Test
  void aBackupBeingDeletedHoldsNothing() {
    Neo4jBackup deleted = backup("older", "10:00:00", "claim", "neo4j/prod", BackupPhase.Running);
    deleted.getMetadata().setDeletionTimestamp("2026-01-01T10:01:00Z");

    assertThat(TargetQueue.waitsFor(me, List.of(deleted, me))).isEmpty();
  }

  @ParameterizedTest(name = "pod of {0} into {1}, phase {2} -> waits: {3}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          deleted, claim:/backup/neo4j/prod, Running,   true
          deleted, claim:/backup/neo4j/prod, Pending,   true
          deleted, claim:/backup/neo4j/prod, null,      true
          deleted, claim:/backup/neo4j/prod, Succeeded, false
          deleted, claim:/backup/neo4j/prod, Failed,    false
          deleted, claim:/backup/neo4j/test, Running,   false
          deleted, claim:/backup/neo4j,      Running,   true
          deleted, claim:/backup/neo4j/prod/chain-20260105T023000Z, Running, true
          deleted, claim:/backup/neo4j/prod2, Running,  false
          deleted, other:/backup/neo4j/prod, Running,   false
          deleted, null,                     Running,   false
          me,      claim:/backup/neo4j/prod, Running,   false
          """)
  void aBackupWaitsForAPodStillWritingIntoItsTargetOrANestedOne(
      String backup, String target, String phase, boolean waits) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(backup + "-abcde")
            .addToLabels(BackupJob.BACKUP_LABEL, backup)
            .endMetadata();
    if (target != null) {
      pod.editMetadata().addToAnnotations(BackupJob.TARGET_ANNOTATION, target).endMetadata();
    }
    if (phase != null) {
      pod.withNewStatus().withPhase(phase).endStatus();
    }

    assertThat(TargetQueue.lingeringPod(me, List.of(pod.build())).isPresent()).isEqualTo(waits);
  }

  @ParameterizedTest(name = "a drill or restore pod reading {0}, phase {1} -> waits: {2}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          claim:/backup/neo4j/prod, Running,   true
          claim:/backup/neo4j/prod, null,      true
          claim:/backup/neo4j/prod, Succeeded, false
          claim:/backup/neo4j/prod, Failed,    false
          claim:/backup/neo4j,      Running,   true
          claim:/backup/neo4j/prod2, Running,  false
          other:/backup/neo4j/prod, Running,   false
          """)
  void aBackupWaitsForADrillOrRestorePodStillReadingItsTargetOrANestedOne(
      String read, String phase, boolean waits) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("nightly-drill-abcde")
            .addToLabels(BackupJob.READER_LABEL, "true")
            .addToAnnotations(BackupJob.READS_ANNOTATION, read)
            .endMetadata();
    if (phase != null) {
      pod.withNewStatus().withPhase(phase).endStatus();
    }

    Optional<Pod> lingering = TargetQueue.lingeringPod(me, List.of(pod.build()));

    assertThat(lingering.isPresent()).isEqualTo(waits);
    lingering.ifPresent(
        reader ->
            assertThat(TargetQueue.use(reader))
                .isEqualTo(
                    "(a restore drill or a restore), which reads path "
                        + read.substring(read.indexOf("/backup/") + "/backup/".length())));
  }

  private static Neo4jBackup backup(
      String name, String created, String claim, String path, BackupPhase phase) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    Target target = new Target();
    target.setClaimName(claim);
    target.setPath(path);
    spec.setTarget(target);
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("graph")
            .withUid("uid-" + name)
            .withCreationTimestamp("2026-01-01T" + created + "Z")
            .build());
    backup.setSpec(spec);
    if (phase != null) {
      Neo4jBackupStatus status = new Neo4jBackupStatus();
      status.setPhase(phase);
      if (phase == BackupPhase.Running) {
        status.setJobName(name);
      }
      backup.setStatus(status);
    }
    return backup;
  }
}

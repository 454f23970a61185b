package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.operator.job.BackupJob;
import io.neo4jbackup.operator.job.ObjectStores;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backups to an object store take turns on one bucket's same or nested prefixes, and are never
 * refused for nesting: the engine writes chains under names of its own and replaces nothing.
 */
class ObjectStoreTargetQueueTest {

  private final Neo4jBackup me = backup("me", "10:00:05", "backups", "neo4j/prod", null);

  @ParameterizedTest(name = "an older backup into {0}/{1} -> I wait: {2}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          backups, neo4j/prod,                               true
          backups, neo4j,                                    true
          backups, null,                                     true
          backups, neo4j/prod/chain-20260112T013000.123Z,    true
          backups, neo4j/prod-2,                             false
          backups, neo4j/test,                               false
          others,  neo4j/prod,                               false
          """)
  void aBackupWaitsForAnOlderOneIntoTheSameOrANestedPrefixOfItsBucket(
      String bucket, String prefix, boolean waits) {
    Neo4jBackup older = backup("older", "10:00:04", bucket, prefix, null);

    assertThat(TargetQueue.waitsFor(me, List.of(older, me)).isPresent()).isEqualTo(waits);
    assertThat(TargetQueue.nested(me, List.of(older, me))).isEmpty();
  }

  @Test
  void aScheduledIncrementalIntoAChainWaitsForTheFullBackupRunningIntoItsPrefix() {
    Neo4jBackup full = backup("full", "10:00:09", "backups", "neo4j/prod", BackupPhase.Running);
    Neo4jBackup incremental =
        backup("incremental", "10:00:10", "backups", "neo4j/prod/chain-20260112T013000Z", null);

    assertThat(TargetQueue.waitsFor(incremental, List.of(full, incremental))).contains(full);
    assertThat(TargetQueue.nested(incremental, List.of(full, incremental))).isEmpty();
  }

  @Test
  void aBackupIntoAClaimAndOneIntoABucketNeverMeet() {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    spec.setTarget(target);
    Neo4jBackup claim = backup("claim", "10:00:04", "backups", "neo4j/prod", null);
    claim.setSpec(spec);

    assertThat(TargetQueue.waitsFor(me, List.of(claim, me))).isEmpty();
  }

  @ParameterizedTest(name = "a pod writing into {0} ({1}) -> I wait: {2}")
  @CsvSource(
      textBlock =
          """
          s3://backups/neo4j/prod,                            Running,   true
          s3://backups/neo4j/prod/chain-20260112T013000.123Z, Pending,   true
          s3://backups,                                       Running,   true
          s3://backups/neo4j/test,                            Running,   false
          s3://backups/neo4j/prod,                            Succeeded, false
          backups:/backup/neo4j/prod,                         Running,   false
          """)
  void aBackupWaitsForAPodStillWritingIntoItsPrefixOrANestedOne(
      String target, String phase, boolean waits) {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("other-abcde")
            .addToLabels(BackupJob.BACKUP_LABEL, "other")
            .addToAnnotations(BackupJob.TARGET_ANNOTATION, target)
            .endMetadata()
            .withNewStatus()
            .withPhase(phase)
            .endStatus()
            .build();

    assertThat(TargetQueue.lingeringPod(me, List.of(pod)).isPresent()).isEqualTo(waits);
  }

  private static Neo4jBackup backup(
      String name, String created, String bucket, String prefix, BackupPhase phase) {
    ObjectStoreSpec objectStore = ObjectStores.minimal();
    objectStore.setBucket(bucket);
    objectStore.setPrefix(prefix);
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setTarget(ObjectStores.target(objectStore));
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
      status.setJobName(name);
      backup.setStatus(status);
    }
    return backup;
  }
}

package io.neo4jbackup.operator.schedule;

import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.DECIDER;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.TICK;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.condition;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.created;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.succeeded;
import static io.neo4jbackup.operator.schedule.ScheduleDeciderTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.operator.job.ObjectStores;
import io.neo4jbackup.operator.job.ScheduleNames;
import io.neo4jbackup.operator.schedule.ScheduleAction.CreateRetentionJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A schedule whose template writes to an object store: the engine names each chain when its full
 * backup succeeds, the schedule records that location and continues exactly it, and retention
 * deletes exactly it.
 */
class ObjectStoreScheduleTest {

  private static final String FIRST_URI = "s3://backups/neo4j/prod/chain-20260110T020012.345Z";

  @Test
  void aFullBackupGoesToThePrefixAndItsChainIsRecordedUnderTheSchedulesNameForIt() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});

    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    Neo4jBackup backup = created(started).get(0);
    String chain = ScheduleNames.chainPath("neo4j/prod", TICK);
    assertThat(backup.getSpec().getMode()).isEqualTo(BackupMode.Full);
    assertThat(backup.getSpec().getTarget().getClaimName()).isNull();
    assertThat(backup.getSpec().getTarget().getObjectStore().getPrefix()).isEqualTo("neo4j/prod");
    assertThat(backup.getSpec().getTarget().getObjectStore().getCredentials().getSecretName())
        .isEqualTo("s3-credentials");
    assertThat(backup.getMetadata().getAnnotations())
        .containsEntry(ScheduleNames.CHAIN_ANNOTATION, chain);
    assertThat(started.status().getChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getPath()).isEqualTo(chain))
        .satisfies(c -> assertThat(c.getBucket()).isEqualTo("backups"))
        .satisfies(c -> assertThat(c.getClaimName()).isNull())
        .satisfies(c -> assertThat(c.getUri()).isNull());
  }

  @Test
  void theChainTheEngineNamedIsRecordedAndTheNextIncrementalContinuesExactlyIt() {
    Neo4jBackupSchedule schedule = schedule(spec -> {});
    ScheduleDecision started =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));
    schedule = withStatus(schedule, started.status());
    Neo4jBackup full = intoChain(succeeded(created(started).get(0), 42), FIRST_URI);

    ScheduleDecision recorded =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(full), List.of(), TICK.plusSeconds(120)));
    assertThat(recorded.status().getChains())
        .singleElement()
        .satisfies(c -> assertThat(c.getUri()).isEqualTo(FIRST_URI))
        .satisfies(c -> assertThat(c.getSuccessfulBackups()).isEqualTo(1));
    assertThat(recorded.status().getLastSuccessfulBackup().getChainPath())
        .isEqualTo(ScheduleNames.chainPath("neo4j/prod", TICK));

    schedule = withStatus(schedule, recorded.status());
    ScheduleDecision next =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(full), List.of(), TICK.plusSeconds(3605)));

    Neo4jBackup incremental = created(next).get(0);
    assertThat(incremental.getSpec().getMode()).isEqualTo(BackupMode.Incremental);
    assertThat(incremental.getSpec().getTarget().getObjectStore().getPrefix())
        .isEqualTo("neo4j/prod/chain-20260110T020012.345Z");
    assertThat(incremental.getMetadata().getAnnotations())
        .containsEntry(ScheduleNames.CHAIN_ANNOTATION, ScheduleNames.chainPath("neo4j/prod", TICK));
    assertThat(next.status().getChains()).hasSize(1);
  }

  @Test
  void retentionDeletesTheOldChainByItsExactLocationWithTheTemplatesAccessAndNoClaim() {
    Instant second = TICK.plusSeconds(3600);
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              RetentionPolicy retention = new RetentionPolicy();
              retention.setKeepChains(1);
              spec.setRetention(retention);
            });
    schedule =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.minusSeconds(5)))
                .status());
    schedule
        .getStatus()
        .setChains(
            new ArrayList<>(
                List.of(
                    chain(TICK, FIRST_URI),
                    chain(second, "s3://backups/neo4j/prod/chain-20260110T030009.001Z"))));

    ScheduleDecision deciding =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), second.plusSeconds(600))
                .withTargetsInUse(List.of()));

    Job job =
        deciding.actions().stream()
            .filter(a -> a instanceof CreateRetentionJob)
            .map(a -> ((CreateRetentionJob) a).job())
            .findFirst()
            .orElseThrow();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getCommand())
        .containsSubsequence(
            "neo4j-backup",
            "delete",
            FIRST_URI,
            "-endpoint",
            "https://s3proxy.storage:8443",
            "-path-style",
            "-work",
            "/work",
            "-json");
    assertThat(container.getCommand()).doesNotContain("-compression");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain("target");
    assertThat(deciding.status().getChains().get(0).getDeletionJob())
        .isEqualTo(job.getMetadata().getName());
  }

  @Test
  void retentionNeverDeletesAChainWhoseLocationTheEngineHasNotReported() {
    Instant second = TICK.plusSeconds(3600);
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              RetentionPolicy retention = new RetentionPolicy();
              retention.setKeepChains(1);
              spec.setRetention(retention);
            });
    schedule =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.minusSeconds(5)))
                .status());
    ChainRecord unknown = chain(TICK, null);
    schedule
        .getStatus()
        .setChains(
            new ArrayList<>(
                List.of(unknown, chain(second, "s3://backups/neo4j/prod/chain-20260110T030009Z"))));

    ScheduleDecision deciding =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), second.plusSeconds(600))
                .withTargetsInUse(List.of()));

    assertThat(deciding.actions()).noneMatch(a -> a instanceof CreateRetentionJob);
  }

  @Test
  void aChainInABucketTheTemplateNoLongerNamesIsNeverDeleted() {
    Instant second = TICK.plusSeconds(3600);
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              RetentionPolicy retention = new RetentionPolicy();
              retention.setKeepChains(1);
              spec.setRetention(retention);
              spec.getBackupTemplate().getSpec().getTarget().getObjectStore().setBucket("moved");
            });
    schedule =
        withStatus(
            schedule,
            DECIDER
                .decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.minusSeconds(5)))
                .status());
    schedule
        .getStatus()
        .setChains(
            new ArrayList<>(
                List.of(
                    chain(TICK, FIRST_URI),
                    chain(second, "s3://backups/neo4j/prod/chain-20260110T030009Z"))));

    ScheduleDecision deciding =
        DECIDER.decide(
            ScheduleInput.of(schedule, List.of(), List.of(), second.plusSeconds(600))
                .withTargetsInUse(List.of()));

    assertThat(deciding.actions()).noneMatch(a -> a instanceof CreateRetentionJob);
  }

  @Test
  void aDrillOfAnObjectStoreScheduleIsRefusedAsNotYetSupported() {
    Neo4jBackupSchedule schedule =
        schedule(
            spec -> {
              ScheduleDrill drill = new ScheduleDrill();
              drill.setSchedule("30 3 * * *");
              drill.setQuery("MATCH (n) RETURN count(n) > 0");
              drill.setExpect("true");
              spec.setDrill(drill);
            });

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    assertThat(decision.actions()).isEmpty();
    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidDrill))
        .satisfies(c -> assertThat(c.getMessage()).contains("not yet supported"));
  }

  @Test
  void aTemplateWithBothTargetFormsIsInvalid() {
    Neo4jBackupSchedule schedule =
        schedule(spec -> spec.getBackupTemplate().getSpec().getTarget().setClaimName("backups"));

    ScheduleDecision decision =
        DECIDER.decide(ScheduleInput.of(schedule, List.of(), List.of(), TICK.plusSeconds(5)));

    assertThat(decision.actions()).isEmpty();
    assertThat(condition(decision.status(), ScheduleConditionType.Ready))
        .satisfies(
            c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidTemplate))
        .satisfies(
            c ->
                assertThat(c.getMessage())
                    .contains("spec.target gives both objectStore and claimName/path"));
  }

  private static Neo4jBackupSchedule schedule(Consumer<Neo4jBackupScheduleSpec> customize) {
    return ScheduleDeciderTest.schedule(
        spec -> {
          ObjectStoreSpec objectStore = ObjectStores.full();
          objectStore.setCaBundle(null);
          objectStore.setEncryption(null);
          spec.getBackupTemplate().getSpec().setTarget(ObjectStores.target(objectStore));
          customize.accept(spec);
        });
  }

  private static Neo4jBackup intoChain(Neo4jBackup backup, String uri) {
    backup.getStatus().setObjectStoreUri(uri);
    return backup;
  }

  private static ChainRecord chain(Instant start, String uri) {
    ChainRecord chain = new ChainRecord();
    chain.setPath(ScheduleNames.chainPath("neo4j/prod", start));
    chain.setBucket("backups");
    chain.setUri(uri);
    chain.setStartTime(start.toString());
    chain.setSuccessfulBackups(uri == null ? 0 : 1);
    chain.setLastTransactionId(10L);
    chain.setLastSuccessfulTime(start.plusSeconds(60).toString());
    return chain;
  }
}

package io.neo4jbackup.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ChainPolicy;
import io.neo4jbackup.api.v1alpha1.ChainRecord;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.DrillRecord;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleStatus;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.RetentionPolicy;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleDrill;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.TestingApi;
import io.neo4jbackup.operator.job.ScheduleNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schedule reconciler against a real kube-apiserver 1.20.2 with the committed CRDs, which
 * checks what the mock server cannot: the Neo4jBackups, retention Jobs and statuses it writes are
 * valid against the CRDs' schemas and the Job API. The clock is moved by hand; nothing runs pods,
 * so the test writes the backups' and the Job's statuses.
 */
class ScheduleApiServerIT {

  private static final String NAMESPACE = "scheduled";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static KubeAPIServer server;
  private static KubernetesClient client;
  private static TestingClock clock;
  private static Instant nextHour;
  private static Operator operator;

  @BeforeAll
  static void start() throws Exception {
    server = TestingApi.startApiServer();
    client = TestingApi.clientWithCrds(server, TIMEOUT);
    TestingApi.createNamespace(client, NAMESPACE);
    // Creation is stamped with the real time: no tick may fall between it and the clock's start.
    await()
        .atMost(Duration.ofSeconds(70))
        .until(() -> Instant.now().atZone(java.time.ZoneOffset.UTC).getMinute() < 58);
    Instant begin = Instant.now().plusSeconds(5);
    clock = new TestingClock(begin);
    nextHour = begin.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    startOperator();
  }

  private static void startOperator() {
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    Main.register(
        operator,
        TestingScheduleCluster.CONFIG,
        new Neo4jBackupScheduleReconciler(
            TestingScheduleCluster.CONFIG,
            new ScheduleMetrics(new SimpleMeterRegistry()),
            clock,
            Duration.ofMillis(300)),
        c -> c.withTriggerReconcilerOnAllEvents(true));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void ticksCreateBackupsRetentionRunsItsJobHistoryLimitsApplyAndARestartDuplicatesNothing() {
    client.resource(schedule("hourly")).create();

    // The first tick: a full backup into a new chain, and a status the schema accepts.
    Instant first = tick();
    Neo4jBackup full = awaitBackup(first);
    awaitStatus(s -> first.toString().equals(s.getLastScheduleTime()));
    succeed(full, 10);
    awaitStatus(s -> s.getLastSuccessfulBackup() != null);

    // The second tick starts the second chain; the operator restarts while it runs.
    Instant second = tick();
    Neo4jBackup newer = awaitBackup(second);
    awaitStatus(s -> second.toString().equals(s.getLastScheduleTime()));
    operator.stop();
    clock.advance(Duration.ofMinutes(2));
    startOperator();
    awaitStatus(
        s ->
            s.getActiveBackups() != null
                && s.getActiveBackups().contains(newer.getMetadata().getName()));
    assertThat(backups()).hasSize(2);

    // The second chain starts no lower than the first chain's last transaction, a field the
    // CRD keeps (an unknown one the API server would drop), and the status records why.
    assertThat(newer.getSpec().getMinTransactionId()).isEqualTo(10);
    assertThat(awaitStatus(s -> s.getChains() != null && s.getChains().size() == 2).getChains())
        .last()
        .satisfies(c -> assertThat(c.getMinTransactionId()).isEqualTo(10))
        .satisfies(c -> assertThat(c.getDatabase()).isEqualTo("neo4j"))
        .satisfies(c -> assertThat(c.getStartReason()).contains("backupsPerChain"));

    // Its success lets retention delete the first chain, through a Job the API accepts.
    succeed(newer, 20);
    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withName(ScheduleNames.retentionJob("hourly", first))
                        .get(),
                Objects::nonNull);
    client
        .resource(
            new JobBuilder(job).withStatus(new JobStatusBuilder().withSucceeded(1).build()).build())
        .updateStatus();
    Neo4jBackupScheduleStatus deleted = awaitStatus(s -> s.getDeletedChains() != null);
    assertThat(deleted.getDeletedChains())
        .extracting(ChainRecord::getPath)
        .containsExactly(ScheduleNames.chainPath("neo4j/prod", first));
    assertThat(deleted.getChains())
        .extracting(ChainRecord::getPath)
        .containsExactly(ScheduleNames.chainPath("neo4j/prod", second));
    // The recovery windows of the chain and of the schedule: fields the CRD keeps.
    assertThat(deleted.getChains().get(0))
        .satisfies(c -> assertThat(c.getFirstRecoverableTxId()).isEqualTo(20))
        .satisfies(c -> assertThat(c.getLastRecoverableTime()).endsWith(".250Z"));
    assertThat(deleted.getRecoveryWindow())
        .satisfies(w -> assertThat(w.getFirstRecoverableTxId()).isEqualTo(20))
        .satisfies(w -> assertThat(w.getLastRecoverableTxId()).isEqualTo(20))
        .satisfies(w -> assertThat(w.getChains()).isEqualTo(1));

    // History limit 1: the older succeeded Neo4jBackup goes (its data was the chain's business).
    Instant third = tick();
    awaitBackup(third);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(backups())
                    .extracting(b -> b.getMetadata().getName())
                    .containsExactly(
                        ScheduleNames.backup("hourly", second),
                        ScheduleNames.backup("hourly", third)));
    Neo4jBackupScheduleStatus status = awaitStatus(s -> s.getConditions() != null);
    assertThat(
            status.getConditions().stream()
                .filter(c -> c.getType() == ScheduleConditionType.Ready)
                .findFirst()
                .orElseThrow()
                .getStatus())
        .isEqualTo(ConditionStatus.True);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                            .map(e -> e.getReason())
                            .toList())
                    .contains("BackupCreated", "ChainStarted", "BackupSucceeded", "ChainDeleted"));
  }

  @Test
  void theSchemaKeepsTheVerifyObjectTheDrillAndTheDrillStatus() {
    Neo4jBackupSchedule drilled = schedule("drilled");
    drilled.getSpec().setSchedule("0 0 1 1 *");
    drilled.getSpec().setRetention(null);
    drilled.getSpec().getBackupTemplate().getSpec().getTarget().setPath("neo4j/drilled");
    VerifySpec verify = VerifySpec.of(true);
    verify.setQuery("MATCH (n) RETURN count(n) > 0");
    verify.setExpect("true");
    drilled.getSpec().getBackupTemplate().getSpec().setVerify(verify);
    ScheduleDrill drill = new ScheduleDrill();
    drill.setSchedule("0 6 * * 0");
    drill.setQuery("MATCH (n:Customer) RETURN count(n)");
    drill.setExpect("42");
    drilled.getSpec().setDrill(drill);

    Neo4jBackupSchedule created = client.resource(drilled).create();

    assertThat(created.getSpec().getDrill())
        .satisfies(d -> assertThat(d.getSchedule()).isEqualTo("0 6 * * 0"))
        .satisfies(d -> assertThat(d.getQuery()).isEqualTo("MATCH (n:Customer) RETURN count(n)"))
        .satisfies(d -> assertThat(d.getExpect()).isEqualTo("42"));
    assertThat(created.getSpec().getBackupTemplate().getSpec().getVerify())
        .satisfies(v -> assertThat(v.getConsistency()).isTrue())
        .satisfies(v -> assertThat(v.getQuery()).isEqualTo("MATCH (n) RETURN count(n) > 0"))
        .satisfies(v -> assertThat(v.getExpect()).isEqualTo("true"));
    var drilledSchedule =
        client.resources(Neo4jBackupSchedule.class).inNamespace(NAMESPACE).withName("drilled");
    await()
        .atMost(TIMEOUT)
        .until(
            () -> drilledSchedule.get().getStatus(),
            st -> st != null && st.getConditions() != null && st.getNextScheduleTime() != null);

    DrillRecord record = new DrillRecord();
    record.setJobName("drilled-d29470350");
    record.setScheduledTime("2026-01-11T06:00:00Z");
    record.setBackupName("drilled-29470300");
    record.setChainPath("neo4j/drilled/chain-20260111T050000Z");
    record.setLastTxId(1171L);
    record.setExpected("42");
    record.setActual("41");
    record.setPassed(false);
    record.setTime("2026-01-11T06:04:12Z");
    record.setMessage("restore drill failed: the query answered 41, expected 42");
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Neo4jBackupSchedule current = drilledSchedule.get();
              current.getStatus().setLastDrillTime("2026-01-11T06:00:00Z");
              current.getStatus().setLastDrill(record);
              client.resource(current).updateStatus();
            });
    assertThat(drilledSchedule.get().getStatus().getLastDrill())
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("41"))
        .satisfies(d -> assertThat(d.getPassed()).isFalse())
        .satisfies(d -> assertThat(d.getMessage()).contains("expected 42"));
  }

  private static Instant tick() {
    Instant tick = nextHour;
    clock.set(tick.plusSeconds(5));
    nextHour = nextHour.plus(1, ChronoUnit.HOURS);
    return tick;
  }

  private static Neo4jBackupSchedule schedule(String name) {
    Neo4jBackupScheduleSpec spec = new Neo4jBackupScheduleSpec();
    spec.setSchedule("0 * * * *");
    ChainPolicy chain = new ChainPolicy();
    chain.setBackupsPerChain(1);
    spec.setChain(chain);
    RetentionPolicy retention = new RetentionPolicy();
    retention.setKeepChains(1);
    spec.setRetention(retention);
    spec.setSuccessfulBackupsHistoryLimit(1);
    BackupTemplateSpec template = new BackupTemplateSpec();
    template.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("backups");
    target.setPath("neo4j/prod");
    template.setTarget(target);
    BackupTemplate backupTemplate = new BackupTemplate();
    backupTemplate.setSpec(template);
    spec.setBackupTemplate(backupTemplate);
    Neo4jBackupSchedule schedule = new Neo4jBackupSchedule();
    schedule.getMetadata().setName(name);
    schedule.getMetadata().setNamespace(NAMESPACE);
    schedule.setSpec(spec);
    return schedule;
  }

  private static Neo4jBackupScheduleStatus awaitStatus(Predicate<Neo4jBackupScheduleStatus> test) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                    .resources(Neo4jBackupSchedule.class)
                    .inNamespace(NAMESPACE)
                    .withName("hourly")
                    .get()
                    .getStatus(),
            s -> s != null && test.test(s));
  }

  private static Neo4jBackup awaitBackup(Instant tick) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                    .resources(Neo4jBackup.class)
                    .inNamespace(NAMESPACE)
                    .withName(ScheduleNames.backup("hourly", tick))
                    .get(),
            Objects::nonNull);
  }

  private static List<Neo4jBackup> backups() {
    return client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).list().getItems().stream()
        .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
        .sorted(java.util.Comparator.comparing(b -> b.getMetadata().getName()))
        .toList();
  }

  private static void succeed(Neo4jBackup backup, long lastTransaction) {
    Neo4jBackupStatus status = new Neo4jBackupStatus();
    status.setPhase(BackupPhase.Succeeded);
    status.setMode(backup.getSpec().getMode());
    status.setStartTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    status.setCompletionTime(
        clock.instant().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toString());
    status.setDuration("30s");
    status.setBytesTransferred(1000L);
    status.setLastTransactionId(lastTransaction);
    // One backup per chain: the chain restores its full backup's last transaction only.
    String committed =
        clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).plusMillis(250).toString();
    status.setFirstRecoverableTxId(lastTransaction);
    status.setFirstRecoverableTime(committed);
    status.setLastRecoverableTxId(lastTransaction);
    status.setLastRecoverableTime(committed);
    Neo4jBackup latest =
        client
            .resources(Neo4jBackup.class)
            .inNamespace(NAMESPACE)
            .withName(backup.getMetadata().getName())
            .get();
    latest.setStatus(status);
    client.resource(latest).updateStatus();
  }
}

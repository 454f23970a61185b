package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupStatus;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.VerificationResult;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.ResultLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Neo4jBackup's restore drill ({@code spec.verify.query} and {@code expect}) against a mock
 * Kubernetes API: the engine is asked for it, and what the engine's line says about it (the
 * contract's golden lines, and a success line built from the contract's records) becomes the
 * backup's {@code drill} status, its Verified condition, an Event and metrics.
 */
class BackupDrillTest {

  private static final String NAMESPACE = "graph";
  private static final String CLAIM = "backups";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Path GOLDEN = Path.of("../engine/contract/golden");
  private static final String QUERY = "MATCH (n:Customer) RETURN count(n) > 0";

  private TestingCluster cluster;
  private KubernetesClient client;
  private TestingOperator operator;

  @BeforeEach
  void start() {
    cluster = new TestingCluster();
    client = cluster.client();
    cluster.namespaceWithClaim(NAMESPACE, CLAIM);
    operator = new TestingOperator(client);
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  @Test
  void theDrillIsPassedToTheEngineBeforeTheBackupIsPublished() {
    create("nightly", drill(false));

    Job job = awaitJob("nightly");

    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSequence("-drill-query", QUERY, "-drill-expect", "true")
        .doesNotContain("-verify");
  }

  @Test
  void aBackupWhoseDrillPassedIsVerifiedWithTheDrillInItsStatus() throws Exception {
    create("nightly", drill(true));
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPod(job, "nightly-abcde");
    cluster.terminate(pod, 0, succeededWithDrill());
    cluster.complete(job);

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Succeeded);
    assertThat(status.getDrill())
        .satisfies(d -> assertThat(d.getQuery()).isEqualTo(QUERY))
        .satisfies(d -> assertThat(d.getExpected()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getPassed()).isTrue())
        .satisfies(d -> assertThat(d.getLastTxId()).isEqualTo(1171))
        .satisfies(d -> assertThat(d.getLastCommitTime()).isEqualTo("2026-12-05T14:04:59.123Z"))
        .satisfies(d -> assertThat(d.getTime()).isNotNull());
    assertThat(status.getVerification()).isEqualTo(VerificationResult.Passed);
    assertThat(condition(status, BackupConditionType.Verified))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.True))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(BackupConditionReason.DrillPassed))
        .satisfies(
            c -> assertThat(c.getMessage()).contains("no inconsistencies. ", "answered true"));
    assertThat(awaitEvent("nightly", "DrillPassed").getType()).isEqualTo("Normal");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                operator
                    .meters()
                    .counter("neo4j.backup.drill.passed", "namespace", NAMESPACE)
                    .count(),
            count -> count == 1);
    double lastPassed =
        operator
            .meters()
            .get("neo4j.backup.drill.last.passed.time")
            .tag("namespace", NAMESPACE)
            .gauge()
            .value();
    assertThat(Instant.ofEpochSecond((long) lastPassed))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  @Test
  void aBackupWhoseDrillFailedFailsUnverifiedWithTheEnginesMessageAndTheAnswer() throws Exception {
    create("nightly", drill(false));
    Job job = awaitJob("nightly");
    String line = Files.readString(GOLDEN.resolve("drill-failed.json"));

    Pod pod = cluster.startPod(job, "nightly-abcde");
    cluster.terminate(pod, 6, line);
    cluster.fail(job, "BackoffLimitExceeded");

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Failed);
    assertThat(status.getFailureReason()).isEqualTo(FailureReason.VerificationFailed);
    assertThat(status.getFailureMessage())
        .startsWith("restore drill failed: the query " + QUERY + " answered false")
        .contains("was not published");
    assertThat(status.getVerification()).as("the consistency checker was not asked").isNull();
    assertThat(status.getDrill())
        .satisfies(d -> assertThat(d.getActual()).isEqualTo("false"))
        .satisfies(d -> assertThat(d.getExpected()).isEqualTo("true"))
        .satisfies(d -> assertThat(d.getPassed()).isFalse())
        .satisfies(d -> assertThat(d.getLastTxId()).isEqualTo(1171));
    assertThat(condition(status, BackupConditionType.Verified))
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.False))
        .satisfies(c -> assertThat(c.getReason()).isEqualTo(BackupConditionReason.DrillFailed))
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo(status.getFailureMessage()));
    Event event = awaitEvent("nightly", "DrillFailed");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage()).contains("answered false");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                operator
                    .meters()
                    .counter("neo4j.backup.drill.failed", "namespace", NAMESPACE)
                    .count(),
            count -> count == 1);
    assertThat(operator.meters().find("neo4j.backup.drill.passed").counters()).isEmpty();
  }

  @Test
  void aBackupThatAskedForNoCheckHasNoVerifiedConditionNorDrill() throws Exception {
    create("nightly", spec -> {});
    Job job = awaitJob("nightly");

    Pod pod = cluster.startPod(job, "nightly-abcde");
    cluster.terminate(pod, 0, ResultLineJson.of(ResultLine.succeeded(result(null, null))));
    cluster.complete(job);

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Succeeded);
    assertThat(status.getDrill()).isNull();
    assertThat(status.getConditions()).noneMatch(c -> c.getType() == BackupConditionType.Verified);
  }

  @Test
  void aBackupStoredBeforeDrillsWithVerifyTrueStillRunsTheConsistencyChecker() {
    GenericKubernetesResource stored =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("neo4jbackup.io/v1alpha1")
            .withKind("Neo4jBackup")
            .withNewMetadata()
            .withName("old")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of(
                    "from",
                    "single://neo4j",
                    "target",
                    Map.of("claimName", CLAIM, "path", "neo4j/old"),
                    "verify",
                    true))
            .build();
    client
        .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Neo4jBackup.class))
        .inNamespace(NAMESPACE)
        .resource(stored)
        .create();

    Job job = awaitJob("old");

    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .contains("-verify")
        .doesNotContain("-drill-query");
  }

  @Test
  void aQueryWithoutItsExpectedAnswerIsRefused() {
    create(
        "nightly",
        spec -> {
          VerifySpec verify = new VerifySpec();
          verify.setQuery(QUERY);
          spec.setVerify(verify);
        });

    Neo4jBackupStatus status = awaitPhase("nightly", BackupPhase.Failed);

    assertThat(status.getFailureReason()).isEqualTo(FailureReason.InvalidSpec);
    assertThat(status.getFailureMessage())
        .startsWith("spec.verify.query is set without spec.verify.expect");
    assertThat(condition(status, BackupConditionType.Failed).getReason())
        .isEqualTo(BackupConditionReason.InvalidSpec);
    assertThat(job("nightly")).isNull();
  }

  /** The success line of a backup whose checker and drill passed, built from the contract. */
  private static String succeededWithDrill() throws Exception {
    DrillResult drill =
        new DrillResult(
            "neo4j",
            1171,
            Instant.parse("2026-12-05T14:04:59.123Z"),
            QUERY,
            "true",
            "true",
            true,
            Duration.ofMillis(4200));
    return ResultLineJson.of(ResultLine.succeeded(result(true, drill)));
  }

  private static BackupResult result(Boolean verified, DrillResult drill) {
    return new BackupResult(
        BackupMode.FULL,
        "/backup/neo4j/prod",
        "neo4j",
        "store-1",
        "neo4j.graph.svc.cluster.local:6362",
        null,
        1,
        1171,
        123456,
        36,
        Duration.ofMillis(8100),
        verified,
        verified == null ? null : "no inconsistencies",
        null,
        null,
        drill,
        null);
  }

  /** Writes result lines as the engine does. */
  private static final class ResultLineJson {
    private static final ObjectMapper JSON =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    static String of(ResultLine line) throws Exception {
      return JSON.writeValueAsString(line);
    }
  }

  private static Consumer<Neo4jBackupSpec> drill(boolean consistency) {
    return spec -> {
      VerifySpec verify = new VerifySpec();
      verify.setConsistency(consistency);
      verify.setQuery(QUERY);
      verify.setExpect("true");
      spec.setVerify(verify);
    };
  }

  private Neo4jBackup create(String name, Consumer<Neo4jBackupSpec> settings) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName(CLAIM);
    target.setPath("neo4j/prod");
    spec.setTarget(target);
    settings.accept(spec);
    Neo4jBackup backup = new Neo4jBackup();
    backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    backup.setSpec(spec);
    return client.resource(backup).create();
  }

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private Job awaitJob(String name) {
    return await().atMost(TIMEOUT).until(() -> job(name), Objects::nonNull);
  }

  private Neo4jBackupStatus awaitPhase(String name, BackupPhase phase) {
    Predicate<Neo4jBackup> inPhase =
        backup -> backup.getStatus() != null && backup.getStatus().getPhase() == phase;
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName(name).get(),
            inPhase::test)
        .getStatus();
  }

  private Event awaitEvent(String name, String reason) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(event -> name.equals(event.getInvolvedObject().getName()))
                    .filter(event -> reason.equals(event.getReason()))
                    .toList(),
            (List<Event> events) -> !events.isEmpty())
        .get(0);
  }

  private static BackupCondition condition(Neo4jBackupStatus status, BackupConditionType type) {
    return status.getConditions().stream()
        .filter(c -> c.getType() == type)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no condition " + type + " in " + status.getConditions()));
  }
}

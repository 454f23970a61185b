package io.neo4jbackup.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.operator.Main;
import io.neo4jbackup.operator.TestingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An upgrade on a real kube-apiserver 1.20.2: a Neo4jBackup and a schedule stored while {@code
 * verify} was a boolean, then the CRDs of this version installed over them. The API server
 * validates the whole object on a status write too, so the operator first rewrites the old field in
 * the object form it meant ({@code LegacyVerify}); then it runs the backup and writes both
 * statuses. Without that rewrite, neither status could ever be written again.
 */
class VerifyUpgradeApiServerIT {

  private static final String NAMESPACE = "graph";
  private static final String CRD_FILE = "neo4jbackups.neo4jbackup.io-v1.yml";
  private static final String SCHEDULE_CRD_FILE = "neo4jbackupschedules.neo4jbackup.io-v1.yml";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KubeAPIServer server;
  private KubernetesClient client;
  private Operator operator;

  @AfterEach
  void stop() {
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
  void aBackupStoredWithABooleanVerifyRunsAfterTheUpgradeAndGetsItsStatus() throws IOException {
    server = TestingApi.startApiServer();
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    client.resource(withBooleanVerify(committedCrd(CRD_FILE), "spec")).create();
    client
        .resource(
            withBooleanVerify(committedCrd(SCHEDULE_CRD_FILE), "spec", "backupTemplate", "spec"))
        .create();
    client.resource(committedCrd("neo4jrestores.neo4jbackup.io-v1.yml")).create();
    TestingApi.createNamespace(client, NAMESPACE);
    client
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(NAMESPACE)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("backups")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    GenericKubernetesResource stored =
        client
            .getKubernetesSerialization()
            .unmarshal(
                "apiVersion: neo4jbackup.io/v1alpha1\n"
                    + "kind: Neo4jBackup\n"
                    + "metadata: {name: checked, namespace: graph}\n"
                    + "spec:\n"
                    + "  from: single://neo4j:6362\n"
                    + "  target: {claimName: backups, path: neo4j/prod}\n"
                    + "  verify: true\n",
                GenericKubernetesResource.class);
    GenericKubernetesResource storedSchedule =
        client
            .getKubernetesSerialization()
            .unmarshal(
                "apiVersion: neo4jbackup.io/v1alpha1\n"
                    + "kind: Neo4jBackupSchedule\n"
                    + "metadata: {name: nightly, namespace: graph}\n"
                    + "spec:\n"
                    + "  schedule: '30 2 * * *'\n"
                    + "  backupTemplate:\n"
                    + "    spec:\n"
                    + "      from: single://neo4j:6362\n"
                    + "      target: {claimName: backups, path: neo4j/nightly}\n"
                    + "      verify: false\n",
                GenericKubernetesResource.class);
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                client.resource(stored).create() != null
                    && client.resource(storedSchedule).create() != null);

    upgrade(CRD_FILE);
    upgrade(SCHEDULE_CRD_FILE);
    Neo4jBackup read =
        client.resources(Neo4jBackup.class).inNamespace(NAMESPACE).withName("checked").get();
    assertThat(read.getSpec().getVerify().getConsistency()).isTrue();

    operator =
        Main.operator(client, TestingOperator.CONFIG, new SimpleMeterRegistry(), Clock.systemUTC());
    operator.start();

    Job job =
        await()
            .atMost(TIMEOUT)
            .until(
                () -> client.batch().v1().jobs().inNamespace(NAMESPACE).withName("checked").get(),
                Objects::nonNull);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .contains("-verify");
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Neo4jBackup backup =
                  client
                      .resources(Neo4jBackup.class)
                      .inNamespace(NAMESPACE)
                      .withName("checked")
                      .get();
              return backup.getStatus() != null
                  && backup.getStatus().getPhase() == BackupPhase.Running;
            });
    assertThat(stored("neo4jbackups", "checked").at("/spec/verify").toString())
        .as("rewritten in the object form it meant, so that its status can be written")
        .isEqualTo("{\"consistency\":true}");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .resources(Neo4jBackupSchedule.class)
                        .inNamespace(NAMESPACE)
                        .withName("nightly")
                        .get()
                        .getStatus()
                    != null);
    assertThat(stored("neo4jbackupschedules", "nightly").at("/spec/backupTemplate/spec/verify"))
        .hasToString("{\"consistency\":false}");
  }

  /** The object as the API server stores it, not as the model reads it. */
  private JsonNode stored(String plural, String name) {
    String json =
        client.raw(
            client.getMasterUrl()
                + "apis/neo4jbackup.io/v1alpha1/namespaces/"
                + NAMESPACE
                + "/"
                + plural
                + "/"
                + name);
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRD as it was before drills: {@code verify} under {@code path} a boolean. */
  private static CustomResourceDefinition withBooleanVerify(
      CustomResourceDefinition crd, String... path) {
    JSONSchemaProps node = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    for (String property : path) {
      node = node.getProperties().get(property);
    }
    node.getProperties()
        .put(
            "verify",
            new JSONSchemaPropsBuilder()
                .withType("boolean")
                .withDescription("Run Neo4j's consistency checker (before the verify object).")
                .build());
    return crd;
  }

  /** Installs this version's CRD over the one the API server has. */
  private void upgrade(String file) throws IOException {
    CustomResourceDefinition current = committedCrd(file);
    current
        .getMetadata()
        .setResourceVersion(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(current.getMetadata().getName())
                .get()
                .getMetadata()
                .getResourceVersion());
    client.resource(current).update();
  }

  private CustomResourceDefinition committedCrd(String file) throws IOException {
    try (InputStream crd = Files.newInputStream(TestingApi.CRDS.resolve(file))) {
      return client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class);
    }
  }
}

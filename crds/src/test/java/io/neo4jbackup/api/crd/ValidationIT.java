package io.neo4jbackup.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server rejects invalid resources with a message that names the field and the rule: each
 * case is one rule of the schema, shown on a resource that breaks only that rule.
 */
@ExtendWith(ApiServerExtension.class)
class ValidationIT {

  private static ApiServer api;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBackups")
  void anInvalidBackupIsRejectedWithAMessageNamingTheField(
      String rule, String spec, List<String> message) {
    assertRejected("Neo4jBackup", spec, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSchedules")
  void anInvalidScheduleIsRejectedWithAMessageNamingTheField(
      String rule, String spec, List<String> message) {
    assertRejected("Neo4jBackupSchedule", spec, message);
  }

  static Stream<Arguments> invalidBackups() {
    String target = "target: {claimName: backups, path: neo4j}";
    return Stream.of(
        rejected(
            "from is a single:// or ha:// URI",
            "{from: 'bolt://neo4j:7687', " + target + "}",
            "spec.from",
            "should match"),
        rejected(
            "a port is 1 to 65535",
            "{from: 'single://neo4j:70000', " + target + "}",
            "spec.from",
            "should match"),
        rejected(
            "ha:// lists hosts without spaces",
            "{from: 'ha://neo4j-0, neo4j-1', " + target + "}",
            "spec.from",
            "should match"),
        rejected(
            "mode is Auto, Full or Incremental",
            "{from: 'single://neo4j', mode: Differential, " + target + "}",
            "spec.mode",
            "Unsupported value: \"Differential\"",
            "\"Auto\", \"Full\", \"Incremental\""),
        rejected(
            "the database is named as Neo4j names databases",
            "{from: 'single://neo4j', database: 'my_db', " + target + "}",
            "spec.database",
            "should match"),
        rejected(
            "no database name but system itself starts with system, in either case",
            "{from: 'single://neo4j', database: 'System2', " + target + "}",
            "spec.database",
            "should match"),
        rejected("the spec is required", null, "spec", "Required value"),
        rejected(
            "the target is required", "{from: 'single://neo4j'}", "spec.target", "Required value"),
        rejected(
            "the target path stays inside the volume",
            "{from: 'single://neo4j', target: {claimName: backups, path: ../other}}",
            "spec.target.path",
            "should match"),
        rejected(
            "the claim is named like a Kubernetes object",
            "{from: 'single://neo4j', target: {claimName: Backups_1, path: neo4j}}",
            "spec.target.claimName",
            "should match"),
        rejected(
            "the TLS Secret is named",
            "{from: 'single://neo4j', " + target + ", tls: {serverName: neo4j}}",
            "spec.tls.secretName",
            "Required value"),
        rejected(
            "retries are not negative",
            "{from: 'single://neo4j', " + target + ", job: {backoffLimit: -1}}",
            "spec.job.backoffLimit",
            "greater than or equal to 0"),
        rejected(
            "the deadline is at least a minute",
            "{from: 'single://neo4j', " + target + ", job: {activeDeadlineSeconds: 30}}",
            "spec.job.activeDeadlineSeconds",
            "greater than or equal to 60"),
        rejected(
            "the pull policy is a Kubernetes one",
            "{from: 'single://neo4j', " + target + ", job: {imagePullPolicy: Sometimes}}",
            "spec.job.imagePullPolicy",
            "Unsupported value: \"Sometimes\""));
  }

  static Stream<Arguments> invalidSchedules() {
    String template =
        "backupTemplate: {spec: {from: 'single://neo4j', target: {claimName: b, path: n}}}";
    return Stream.of(
        rejected(
            "the time zone is not part of the cron expression",
            "{schedule: 'CRON_TZ=Europe/Berlin 30 2 * * *', " + template + "}",
            "spec.schedule",
            "should match"),
        rejected(
            "@every is not a standard macro",
            "{schedule: '@every 1h', " + template + "}",
            "spec.schedule",
            "should match"),
        rejected(
            "a schedule has five fields, not six",
            "{schedule: '0 30 2 * * *', " + template + "}",
            "spec.schedule",
            "should match"),
        rejected(
            "the time zone is an IANA name",
            "{schedule: '@daily', timeZone: '+01:00', " + template + "}",
            "spec.timeZone",
            "should match"),
        rejected(
            "two backups never run at once",
            "{schedule: '@daily', concurrencyPolicy: Allow, " + template + "}",
            "spec.concurrencyPolicy",
            "Unsupported value: \"Allow\""),
        rejected(
            "the backup template is required",
            "{schedule: '@daily'}",
            "spec.backupTemplate",
            "Required value"),
        rejected(
            "the template is validated like a backup",
            "{schedule: '@daily', backupTemplate: {spec: {from: 'neo4j', target: {claimName: b,"
                + " path: n}}}}",
            "spec.backupTemplate.spec.from",
            "should match"),
        rejected(
            "retention keeps at least one chain",
            "{schedule: '@daily', retention: {keepChains: 0}, " + template + "}",
            "spec.retention.keepChains",
            "greater than or equal to 1"),
        rejected(
            "keepWithin is a duration in days, hours, minutes and seconds",
            "{schedule: '@daily', retention: {keepWithin: '4w'}, " + template + "}",
            "spec.retention.keepWithin",
            "should match"),
        rejected(
            "a chain holds at least one backup",
            "{schedule: '@daily', chain: {backupsPerChain: 0}, " + template + "}",
            "spec.chain.backupsPerChain",
            "greater than or equal to 1"),
        rejected(
            "history limits are bounded",
            "{schedule: '@daily', successfulBackupsHistoryLimit: 101, " + template + "}",
            "spec.successfulBackupsHistoryLimit",
            "less than or equal to 100"));
  }

  private static Arguments rejected(String rule, String spec, String... message) {
    return Arguments.of(rule, spec, List.of(message));
  }

  private static void assertRejected(String kind, String spec, List<String> message) {
    String manifest =
        "apiVersion: neo4jbackup.io/v1alpha1\nkind: "
            + kind
            + "\nmetadata: {name: invalid}\n"
            + (spec == null ? "" : "spec: " + spec + "\n");
    GenericKubernetesResource resource =
        api.client()
            .getKubernetesSerialization()
            .unmarshal(manifest, GenericKubernetesResource.class);

    KubernetesClientException rejection =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                api.client().resource(resource).inNamespace(api.namespace("validation")).create());

    assertThat(rejection).as("the server accepted:%n%s", manifest).isNotNull();
    assertThat(rejection.getCode()).isEqualTo(422);
    assertThat(rejection.getStatus().getMessage()).contains(message);
  }
}

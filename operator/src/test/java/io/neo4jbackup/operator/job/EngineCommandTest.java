package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.operator.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineCommandTest {

  private static final String FROM = "single://neo4j.db.svc.cluster.local:6362";
  private static final String TO = "/backup/neo4j";

  @ParameterizedTest(name = "mode {0}, cluster {1}, database {2}, verify {3}, fallback {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          # mode         | cluster | database | verify | fallbackToFull | engine arguments
          null           | null    | null     | null   | null  | -from FROM -to TO -database neo4j -json
          Auto           | null    | null     | false  | false | -from FROM -to TO -database neo4j -json
          Full           | null    | null     | null   | null  | -full -from FROM -to TO -database neo4j -json
          Incremental    | null    | null     | null   | null  | -incremental -from FROM -to TO -database neo4j -json
          Auto           | prod    | sales    | true   | true  | -from FROM -to TO -cluster prod -database sales -verify -fallback-to-full -json
          Incremental    | null    | system   | true   | false | -incremental -from FROM -to TO -database system -verify -json
          Full           | null    | Sales    | null   | null  | -full -from FROM -to TO -database sales -json
          Auto           | null    | SYSTEM   | null   | null  | -from FROM -to TO -database system -json
          """)
  void passesTheSpecAsEngineOptions(
      BackupMode mode,
      String cluster,
      String database,
      Boolean verify,
      Boolean fallbackToFull,
      String expected) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setMode(mode);
    spec.setCluster(cluster);
    spec.setDatabase(database);
    spec.setVerify(verify == null ? null : VerifySpec.of(verify));
    spec.setFallbackToFull(fallbackToFull);

    assertThat(EngineCommand.arguments(spec, FROM, TO))
        .containsExactly(expected.replace("FROM", FROM).replace("TO", TO).split(" "));
  }

  @Test
  void aDrillRunsBeforeTheBackupIsPublishedWithTheConsistencyCheckerWhenBothAreAsked() {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    VerifySpec verify = VerifySpec.of(true);
    verify.setQuery("MATCH (n) RETURN count(n) > 0");
    verify.setExpect("true");
    spec.setVerify(verify);

    assertThat(EngineCommand.arguments(spec, FROM, TO))
        .containsExactly(
            "-from",
            FROM,
            "-to",
            TO,
            "-database",
            "neo4j",
            "-verify",
            "-drill-query",
            "MATCH (n) RETURN count(n) > 0",
            "-drill-expect",
            "true",
            "-json");
  }

  @ParameterizedTest(name = "query {0}, expect {1}")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          RETURN 1, null, spec.verify.query is set without spec.verify.expect
          null,     1,    spec.verify.expect is set without spec.verify.query
          """)
  void aDrillNeedsBothItsQueryAndItsExpectedAnswer(String query, String expect, String message) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    VerifySpec verify = new VerifySpec();
    verify.setQuery(query);
    verify.setExpect(expect);
    spec.setVerify(verify);

    assertThatThrownBy(() -> EngineCommand.arguments(spec, FROM, TO))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aFullBackupReplacesABackupOfAnotherDatabaseOrStoreOnlyWhenAskedTo() {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setMode(BackupMode.Full);
    assertThat(EngineCommand.arguments(spec, FROM, TO)).doesNotContain("-replace");

    spec.setReplace(true);

    assertThat(EngineCommand.arguments(spec, FROM, TO))
        .containsExactly(
            "-full", "-replace", "-from", FROM, "-to", TO, "-database", "neo4j", "-json");
  }

  @Test
  void refusesMembersBelowTheMinimumTransactionWhenTheSpecSetsOne() {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setMode(BackupMode.Full);
    assertThat(EngineCommand.arguments(spec, FROM, TO)).doesNotContain("-min-tx");

    spec.setMinTransactionId(4711L);

    assertThat(EngineCommand.arguments(spec, FROM, TO))
        .containsSequence("-min-tx", "4711")
        .endsWith("-json");
  }

  @ParameterizedTest(name = "mode {0}")
  @CsvSource(
      nullValues = "null",
      value = {"Auto", "Incremental", "null"})
  void replaceWithAModeOtherThanFullIsAnInvalidSpec(BackupMode mode) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setMode(mode);
    spec.setReplace(true);

    assertThatThrownBy(() -> EngineCommand.arguments(spec, FROM, TO))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.replace is true with mode " + (mode == null ? "Auto" : mode))
        .hasMessageContaining("mode Full");
  }

  @ParameterizedTest(name = "database {0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          db        | it must have 3 to 63 characters
          2024-sales| it must start with a letter
          my_db     | it may hold only letters, digits, dots and dashes
          System2   | no name but system itself may start with 'system'
          """)
  void refusesADatabaseNameNeo4jWouldRefuseBeforeAnyByteIsSent(String database, String why) {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setDatabase(database);

    assertThatThrownBy(() -> EngineCommand.arguments(spec, FROM, TO))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.database '" + database + "' is not a Neo4j database name: " + why);
  }

  @Test
  void runsTheEngineThroughAShellThatOnlyRedirectsItsOutput() {
    assertThat(EngineCommand.command(List.of("-from", FROM, "-json"), false))
        .containsExactly(
            "/bin/sh",
            "-c",
            "exec neo4j-backup \"$@\" > /dev/termination-log",
            "neo4j-backup",
            "-from",
            FROM,
            "-json");
  }

  /**
   * Runs the real command with a stand-in engine that prints its arguments as its last line and
   * exits 3, and a temporary file in place of /dev/termination-log.
   */
  @Test
  void theEnginesOutputBecomesTheTerminationMessageAndItsExitStatusTheContainers(
      @TempDir Path directory) throws Exception {
    Path engine = directory.resolve("neo4j-backup");
    Files.writeString(
        engine,
        "#!/bin/sh\necho 'a log line'\nfor a in \"$@\"; do printf '<%s>' \"$a\"; done\necho\nexit 3\n");
    Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path terminationLog = directory.resolve("termination-log");
    Path marker = directory.resolve("injected");
    List<String> command =
        new ArrayList<>(
            EngineCommand.command(
                List.of("-cluster", "prod cluster $(touch " + marker + ") \"quoted\"", "-json"),
                false));
    command.set(
        2, command.get(2).replace(EngineCommand.TERMINATION_LOG, terminationLog.toString()));

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", directory + ":/usr/bin:/bin");
    Process process = builder.start();
    String containerLog =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(containerLog).isEmpty();
    assertThat(lines(terminationLog))
        .containsExactly(
            "a log line", "<-cluster><prod cluster $(touch " + marker + ") \"quoted\"><-json>");
    assertThat(marker).doesNotExist();
  }

  /**
   * Runs the TLS script with a stand-in engine, the TLS directory moved to a temporary one: the
   * client certificate and key are passed only when both files are there.
   */
  @ParameterizedTest(name = "certificate {0}, key {1}")
  @CsvSource({"true, true", "true, false", "false, false"})
  void addsTheClientCertificateOnlyWhenTheSecretHasIt(
      boolean certificate, boolean key, @TempDir Path directory) throws Exception {
    Path engine = directory.resolve("neo4j-backup");
    Files.writeString(engine, "#!/bin/sh\nfor a in \"$@\"; do printf '<%s>' \"$a\"; done\necho\n");
    Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tls = Files.createDirectory(directory.resolve("tls"));
    if (certificate) {
      Files.writeString(tls.resolve("tls.crt"), "certificate");
    }
    if (key) {
      Files.writeString(tls.resolve("tls.key"), "key");
    }
    Path terminationLog = directory.resolve("termination-log");
    List<String> command = new ArrayList<>(EngineCommand.command(List.of("-tls", "-json"), true));
    command.set(
        2,
        command
            .get(2)
            .replace(EngineCommand.TERMINATION_LOG, terminationLog.toString())
            .replace(SecretVolumes.TLS_DIRECTORY, tls.toString()));

    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", directory + ":/usr/bin:/bin");
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isZero();
    assertThat(lines(terminationLog))
        .containsExactly(
            certificate && key
                ? "<-tls><-json><-tls-cert><"
                    + tls.resolve("tls.crt")
                    + "><-tls-key><"
                    + tls.resolve("tls.key")
                    + ">"
                : "<-tls><-json>");
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}

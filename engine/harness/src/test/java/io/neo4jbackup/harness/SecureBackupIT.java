package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.TlsOptions;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup port with mutual TLS and a shared secret: a client with the right CA, certificate and
 * secret gets its backup over TLS; every other client is refused with an error naming the cause,
 * the server logs whom it refused, and no target directory is touched.
 */
class SecureBackupIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static TestCertificates.Authority trusted;
  static TestCertificates.Authority rogue;
  static Path secret;
  static Path wrongSecret;
  static int targets;

  @BeforeAll
  static void start() throws IOException {
    trusted = TestCertificates.authority(work.resolve("pki"), "trusted");
    rogue = TestCertificates.authority(work.resolve("pki"), "rogue");
    secret = Files.writeString(work.resolve("backup-secret"), "s3cr3t-0123456789abcdefghij\n");
    wrongSecret = Files.writeString(work.resolve("wrong-secret"), "s3cr3t-0123456789abcdefghiJ\n");
    server =
        Neo4jServer.start(
            work.resolve("neo4j"),
            Map.of(
                "server.online_backup.tls.enabled", "true",
                "server.online_backup.tls.certificate", trusted.server().certificate().toString(),
                "server.online_backup.tls.private_key", trusted.server().key().toString(),
                "server.online_backup.tls.client_ca", trusted.certificate().toString(),
                "server.online_backup.shared_secret_file", secret.toString(),
                "server.online_backup.require_authentication", "true",
                "server.online_backup.databases", "neo4j,System"));
    try (ChainWriter writer = ChainWriter.start(server.driver())) {
      org.awaitility.Awaitility.await().until(() -> writer.committed() >= 20);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  record Run(int exitCode, String output) {}

  /** Runs {@code neo4j-backup -full -from <server> -to <fresh dir>} with {@code options}. */
  static Run backup(String... options) {
    Path target = work.resolve("target-" + ++targets).resolve("backup");
    List<String> args =
        new ArrayList<>(
            List.of(
                "-full", "-from", server.backupUri(), "-to", target.toString(), "-timeout", "20"));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    int exitCode =
        Neo4jBackupCommand.run(
            new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
    if (exitCode != 0) {
      assertThat(target).as("a refused backup creates nothing").doesNotExist();
      if (Files.exists(target.getParent())) {
        assertThat(Trees.list(target.getParent())).isSubsetOf(".backup.lock");
      }
    }
    return new Run(exitCode, out.toString());
  }

  static List<String> mutualTls(TestCertificates.Authority ca, TestCertificates.Issued client) {
    return List.of(
        "-tls",
        "-tls-ca",
        ca.certificate().toString(),
        "-tls-cert",
        client.certificate().toString(),
        "-tls-key",
        client.key().toString());
  }

  static String[] args(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** True once the server's log holds {@code text}; the server may log after the client gave up. */
  static boolean serverLogged(String text) {
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> Files.readString(server.home().resolve("logs/neo4j.log")).contains(text));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  @Test
  void theRightCaCertificateAndSecretGetABackupOverTls() throws IOException {
    Run run = backup(args(mutualTls(trusted, trusted.client()), "-secret-file", secret.toString()));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(serverLogged("(cluster name 'harness'); security: mutual TLS (JDK), shared secret"))
        .isTrue();
  }

  @Test
  void anAuthenticatedClientMakesTheServerCheckpointFirst() {
    Run run = backup(args(mutualTls(trusted, trusted.client()), "-secret-file", secret.toString()));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(serverLogged("sent: from a new checkpoint,")).isTrue();
  }

  @Test
  void theSystemDatabaseIsServedWhenListedAndAnAuthenticatedClientLearnsWhatIsServed() {
    List<String> authenticated = new ArrayList<>(mutualTls(trusted, trusted.client()));
    authenticated.addAll(List.of("-secret-file", secret.toString()));
    Run system = backup(args(authenticated, "-database", "SYSTEM"));
    assertThat(system.exitCode()).as(system.output()).isZero();

    Run missing = backup(args(authenticated, "-database", "sales"));
    assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
    assertThat(missing.output())
        .contains(
            "database 'sales' is not served by this backup service"
                + " (server.online_backup.databases); it serves [neo4j, system]");
  }

  @Test
  void aServerWithOpenSslServesTheSameBackupOverMutualTls() {
    Map<String, String> settings =
        Map.of(
            Neo4jServer.SSL_PROVIDER,
            Neo4jServer.OPENSSL,
            "server.online_backup.tls.enabled",
            "true",
            "server.online_backup.tls.certificate",
            trusted.server().certificate().toString(),
            "server.online_backup.tls.private_key",
            trusted.server().key().toString(),
            "server.online_backup.tls.client_ca",
            trusted.certificate().toString(),
            "server.online_backup.shared_secret_file",
            secret.toString());
    try (Neo4jServer openSsl = Neo4jServer.start(work.resolve("neo4j-openssl"), settings)) {
      BackupResult result =
          OnlineBackup.from(openSsl.backupUri())
              .tls(
                  TlsOptions.trusting(trusted.certificate())
                      .clientCertificate(trusted.client().certificate(), trusted.client().key()))
              .sharedSecret(secret)
              .verify(true)
              .full(work.resolve("openssl-target"));

      assertThat(result.verified()).isTrue();
      assertThat(openSsl.home().resolve("logs/neo4j.log"))
          .content()
          .contains("security: mutual TLS (OpenSSL), shared secret");
    }
  }

  @Test
  void theJavaApiTakesTheSameOptions() {
    BackupResult result =
        OnlineBackup.from(server.backupUri())
            .tls(
                TlsOptions.trusting(trusted.certificate())
                    .clientCertificate(trusted.client().certificate(), trusted.client().key())
                    .serverName("localhost"))
            .sharedSecret(secret)
            .full(work.resolve("api").resolve("backup"));
    assertThat(result.lastTxId()).isPositive();
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() throws IOException {
    Run run =
        backup(
            args(
                List.of(
                    "-tls",
                    "-tls-ca",
                    rogue.certificate().toString(),
                    "-tls-cert",
                    trusted.client().certificate().toString(),
                    "-tls-key",
                    trusted.client().key().toString()),
                "-secret-file",
                secret.toString()));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(BackupFailure.AUTHENTICATION.exitCode());
    assertThat(run.output())
        .contains("the TLS certificate of 127.0.0.1:" + server.backupPort())
        .contains("is not signed by the CA in " + rogue.certificate());
    assertThat(serverLogged("refused: TLS handshake failed")).isTrue();
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused() {
    Run run =
        backup(
            args(
                mutualTls(trusted, trusted.client()),
                "-tls-server-name",
                "backup.elsewhere.example",
                "-secret-file",
                secret.toString()));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output())
        .contains("is not issued for the host name 'backup.elsewhere.example'")
        .contains("-tls-server-name");
  }

  @Test
  void withoutAClientCertificateTheServerRefuses() {
    Run run =
        backup(
            "-tls", "-tls-ca", trusted.certificate().toString(), "-secret-file", secret.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output()).contains("requires a client certificate (mutual TLS)");
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() {
    Run run =
        backup(
            args(
                List.of(
                    "-tls",
                    "-tls-ca",
                    trusted.certificate().toString(),
                    "-tls-cert",
                    rogue.client().certificate().toString(),
                    "-tls-key",
                    rogue.client().key().toString()),
                "-secret-file",
                secret.toString()));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output())
        .contains("refused the client certificate " + rogue.client().certificate());
  }

  @Test
  void aWrongSecretIsRefusedAndTheServerLogsThePeer() throws IOException {
    Run run =
        backup(args(mutualTls(trusted, trusted.client()), "-secret-file", wrongSecret.toString()));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output()).contains("wrong shared secret").contains("AUTHENTICATION_FAILED");
    assertThat(serverLogged("refused: wrong shared secret")).isTrue();
  }

  @Test
  void noSecretIsRefusedBeforeAnyRequest() throws IOException {
    Run run = backup(args(mutualTls(trusted, trusted.client())));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output())
        .contains("requires clients to prove its shared secret")
        .contains("-secret-file");
    assertThat(serverLogged("without proving the shared secret")).isTrue();
  }

  @Test
  void plainTextAgainstTheTlsPortIsRefusedInWordsTheClientCanRead() {
    Run run = backup("-secret-file", secret.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(7);
    assertThat(run.output())
        .contains("accepts TLS connections only")
        .contains("TLS_REQUIRED")
        .contains("connect with -tls");
  }

  @Test
  void tlsOptionsWithoutTheCaAreAUsageError() {
    Run run = backup("-tls");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("-tls needs -tls-ca FILE");
  }

  @Test
  void anUnreadableCaFileIsNamedBeforeConnecting() {
    assertThatThrownBy(
            () ->
                OnlineBackup.from(server.backupUri())
                    .tls(TlsOptions.trusting(work.resolve("nope.pem"))))
        .hasMessageContaining("cannot set up TLS from the CA " + work.resolve("nope.pem"));
  }

  @Test
  void randomInputOnTheTlsPortNeverHurtsTheServer() throws IOException {
    RandomPeers.hammer(server.backupPort(), 40, 7);
    theRightCaCertificateAndSecretGetABackupOverTls();
  }
}

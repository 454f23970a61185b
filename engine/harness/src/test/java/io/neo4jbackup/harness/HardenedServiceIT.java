package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup port open beyond loopback without authentication: the server warns loudly at start, or
 * refuses to start when told to; it bounds connections and handshake time, survives random input,
 * and a client that expects TLS or a secret from it is refused with the reason.
 */
class HardenedServiceIT {
  @TempDir static Path work;
  static Neo4jServer server;

  @BeforeAll
  static void start() throws IOException {
    server =
        Neo4jServer.start(
            work.resolve("neo4j"),
            Map.of(
                "online_backup_server", "0.0.0.0:" + Neo4jServer.freePort(),
                "server.online_backup.max_connections", "3",
                "server.online_backup.handshake_timeout", "2s"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static String log(Neo4jServer neo4j) throws IOException {
    return Files.readString(neo4j.home().resolve("logs/neo4j.log"));
  }

  static String backupFails(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-full",
                "-from",
                server.backupUri(),
                "-to",
                work.resolve("refused").toString(),
                "-timeout",
                "20"));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    int exitCode =
        Neo4jBackupCommand.run(
            new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
    assertThat(exitCode).as(out.toString()).isEqualTo(7);
    assertThat(work.resolve("refused")).doesNotExist();
    return out.toString();
  }

  @Test
  void listeningBeyondLoopbackWithoutAuthenticationLogsALoudWarning() throws IOException {
    assertThat(log(server))
        .contains("SECURITY WARNING: the online backup service listens on 0.0.0.0:")
        .contains("beyond loopback, with neither mutual TLS")
        .contains("server.online_backup.require_authentication=true");
  }

  @Test
  void requireAuthenticationRefusesToStartThatWay() throws IOException {
    Path home = work.resolve("refusing");
    assertThatThrownBy(
            () ->
                Neo4jServer.start(
                    home,
                    Map.of(
                        "online_backup_server",
                        "0.0.0.0:" + Neo4jServer.freePort(),
                        "server.online_backup.require_authentication",
                        "true")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(home.resolve("logs/neo4j.log")))
        .contains("The online backup service refuses to start")
        .contains("server.online_backup.require_authentication=true");
  }

  @Test
  void aTlsClientIsToldThePortSpeaksPlainText() {
    TestCertificates.Authority ca = TestCertificates.authority(work.resolve("pki"), "ca");
    assertThat(backupFails("-tls", "-tls-ca", ca.certificate().toString()))
        .contains("answered in plain text, not TLS")
        .contains("server.online_backup.tls.enabled");
  }

  @Test
  void aClientWithASecretRefusesAServerWithout() throws IOException {
    Path secret = Files.writeString(work.resolve("secret"), "0123456789abcdef0123");
    assertThat(backupFails("-secret-file", secret.toString()))
        .contains("has no shared secret")
        .contains("AUTHENTICATION_FAILED");
  }

  @Test
  void connectionsBeyondTheMaximumAreToldTheServerIsBusy() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<RawClient> open = new ArrayList<>();
              try {
                for (int i = 0; i < 3; i++) {
                  RawClient client = new RawClient(server.backupPort());
                  open.add(client);
                  client.send(new Message.Hello(1));
                  assertThat(client.receive()).isEqualTo(new Message.Hello(1));
                  client.send(new Message.InfoRequest("neo4j"));
                  assertThat(client.receive()).isInstanceOf(Message.ServerInfo.class);
                }
                RawClient fourth = new RawClient(server.backupPort());
                open.add(fourth);
                fourth.send(new Message.Hello(1));
                assertThat(fourth.receive()).isEqualTo(new Message.Hello(1));
                assertThat(fourth.receive())
                    .isEqualTo(
                        new Message.Error(
                            ErrorCode.SERVER_BUSY,
                            "the server has its maximum of 3 backup connections open"
                                + " (server.online_backup.max_connections); retry later"));
                assertThat(fourth.awaitClosed()).isTrue();
              } finally {
                for (RawClient client : open) {
                  client.close();
                }
              }
            });
  }

  @Test
  void aClientThatDoesNotShakeHandsIsClosedAfterTheHandshakeTimeout() throws IOException {
    long start = System.nanoTime();
    try (RawClient silent = new RawClient(server.backupPort())) {
      assertThat(silent.receive()).isNull();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
    assertThat(log(server)).contains("refused: it did not complete the handshake within 2000 ms");
  }

  @Test
  void randomInputNeverHurtsTheServer() throws IOException {
    RandomPeers.hammer(server.backupPort(), 150, 1000);
    assertThat(
            OnlineBackup.from(server.backupUri())
                .full(work.resolve("after-random-input").resolve("backup"))
                .lastTxId())
        .isPositive();
    String console = Files.readString(server.home().resolve("logs/console.log"));
    assertThat(console).doesNotContain("LEAK:").doesNotContain("OutOfMemoryError");
  }
}

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
 * A backup port open beyond loopback without authentication: the server refuses to start that way
 * unless its owner turns the requirement off on purpose, and then warns loudly at each start. It
 * serves no database its owner did not choose, bounds connections, handshake time and how long and
 * slowly a backup may hold it, survives random input, and a client that expects TLS or a secret
 * from it is refused with the reason.
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
                "server.online_backup.require_authentication", "false",
                "server.online_backup.max_connections", "3",
                "server.online_backup.handshake_timeout", "2s",
                "server.online_backup.stall_timeout", "5s",
                "server.online_backup.min_transfer_rate", "4MiB",
                "db.checkpoint.interval.time", "1s",
                "db.checkpoint.interval.tx", "1"));
    Ballast.add(server.driver(), 64);
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
  void listeningBeyondLoopbackWithoutAuthenticationOnPurposeLogsALoudWarning() throws IOException {
    assertThat(log(server))
        .contains("SECURITY WARNING: the online backup service listens on 0.0.0.0:")
        .contains("beyond loopback, with neither mutual TLS")
        .contains("(server.online_backup.require_authentication=false)");
  }

  @Test
  void byDefaultAPortBeyondLoopbackThatAuthenticatesNobodyRefusesToStart() throws IOException {
    Path home = work.resolve("refusing");
    assertThatThrownBy(
            () ->
                Neo4jServer.start(
                    home, Map.of("online_backup_server", "0.0.0.0:" + Neo4jServer.freePort())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(home.resolve("logs/neo4j.log")))
        .contains("The online backup service refuses to start")
        .contains("server.online_backup.require_authentication=false to accept this on purpose");
  }

  @Test
  void aSharedSecretWithoutTlsBeyondLoopbackRefusesToStart() throws IOException {
    Path home = work.resolve("secret-in-the-clear");
    Path secret = Files.writeString(work.resolve("clear-secret"), "0123456789abcdef0123");
    assertThatThrownBy(
            () ->
                Neo4jServer.start(
                    home,
                    Map.of(
                        "online_backup_server",
                        "0.0.0.0:" + Neo4jServer.freePort(),
                        "server.online_backup.shared_secret_file",
                        secret.toString(),
                        "server.online_backup.require_authentication",
                        "false")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(home.resolve("logs/neo4j.log")))
        .contains("with a shared secret (server.online_backup.shared_secret_file) but without TLS");
  }

  @Test
  void theSystemDatabaseIsNotServedUnlessListedAndARefusalListsNothing() throws IOException {
    try (RawClient client = new RawClient(server.backupPort())) {
      client.send(new Message.Hello(1));
      assertThat(client.receive()).isEqualTo(new Message.Hello(1));
      client.send(new Message.FullBackupRequest("system"));
      assertThat(client.receive())
          .isEqualTo(
              new Message.Error(
                  ErrorCode.DATABASE_NOT_FOUND,
                  "database 'system' is not served by this backup service"));
    }
  }

  @Test
  void aClientThatReadsTooSlowlyIsDroppedAndTheCheckpointPinReleased() throws IOException {
    try (ChainWriter writer = ChainWriter.start(server.driver());
        RawClient slow = new RawClient(server.backupPort(), 65536)) {
      slow.send(new Message.Hello(1));
      slow.send(new Message.FullBackupRequest("neo4j"));
      // About 1.6 MiB/s: fast enough never to stall for 5 s, slower than the 4 MiB/s minimum.
      long read = slow.readSlowly(65536, Duration.ofMillis(40), Duration.ofMinutes(1));
      assertThat(read).as("bytes read before the server ended the stream").isPositive();
      new ServerLog(server)
          .assertPinnedUntilAbortedThenReleased(
              "the client took [0-9]+ bytes/s over the last [0-9]+ s while the server waited on"
                  + " it, below server.online_backup.min_transfer_rate \\(4194304 bytes/s\\)");
    }
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
    new ServerLog(server).awaitLine("refused: it did not complete the handshake within 2000 ms");
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

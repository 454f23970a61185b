package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neo4jbackup.client.BackupResult;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup service inside a real Neo4j server: settings, handshake, info, the checkpoint pin, and
 * full backups read through the page cache ({@code server.online_backup.direct_io=false}; the other
 * ITs read with direct I/O, the default).
 */
class BackupServiceIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static ChainWriter writer;

  @BeforeAll
  static void start() {
    server =
        Neo4jServer.start(
            work.resolve("neo4j"),
            Map.of(
                "server.online_backup.stall_timeout", "3s",
                "server.online_backup.direct_io", "false",
                "db.checkpoint.interval.time", "1s",
                "db.checkpoint.interval.tx", "1"));
    Ballast.add(server.driver(), 48);
    writer = ChainWriter.start(server.driver());
  }

  @AfterAll
  static void stop() {
    if (writer != null) {
      writer.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static String log(Neo4jServer neo4j) throws IOException {
    return Files.readString(neo4j.home().resolve("logs/neo4j.log"));
  }

  /**
   * Checks that no scheduled checkpoint completed while the backup pinned the store, and that they
   * run again after the server dropped the client.
   */
  private static void assertPinnedUntilAbortedThenReleased(String abortReason) {
    ServerLog log = new ServerLog(server);
    String aborted = "Full backup of 'neo4j' .* aborted: " + abortReason;
    await().atMost(Duration.ofMinutes(1)).until(() -> log.lastTime(aborted) != null);
    Instant startedAt = log.lastTime("Full backup of 'neo4j' .* started");
    Instant abortedAt = log.lastTime(aborted);
    assertThat(log.scheduledCheckpoints())
        .as("no scheduled checkpoint completes while the store is pinned")
        .noneMatch(at -> at.isAfter(startedAt.plusSeconds(1)) && at.isBefore(abortedAt));
    await()
        .atMost(Duration.ofMinutes(1))
        .alias("checkpoints run again once the pin is released")
        .until(() -> log.scheduledCheckpoints().stream().anyMatch(at -> at.isAfter(abortedAt)));
  }

  @Test
  void withDirectIoOffAFullBackupUnderWritesAndCheckpointsHoldsEveryCommittedWrite()
      throws IOException {
    Path target = work.resolve("cached-reads");
    long committedBefore = writer.committed();

    BackupResult result = OnlineBackup.from(server.backupUri()).verify(true).full(target);

    assertThat(result.verified()).isTrue();
    assertThat(result.verification()).contains("Number of errors: 0");
    BackupInspector.Chain chain =
        BackupInspector.readChain(target, "neo4j", work.resolve("inspect-cached"));
    assertThat(chain.contiguous()).as("chain %s has no gap or duplicate", chain).isTrue();
    assertThat(chain.max()).isGreaterThanOrEqualTo(committedBefore);
    assertThat(log(server))
        .containsPattern(
            "Full backup of 'neo4j' to .* sent: \\d+ files \\(0 read with direct I/O\\)");
  }

  @Test
  void theClassicSettingsAreAcceptedUnderStrictValidation() throws IOException {
    assertThat(Files.readString(server.home().resolve("conf/neo4j.conf")))
        .contains(
            "server.config.strict_validation.enabled=true",
            "online_backup_server=127.0.0.1:",
            "ha.cluster_name=harness");
    assertThat(log(server))
        .contains(
            "Online backup service listening on /127.0.0.1:"
                + server.backupPort()
                + " (cluster name 'harness')");
  }

  @Test
  void infoReportsTheStoreTheDatabaseTheClusterAndTheLastCommittedTransaction() throws IOException {
    try (RawClient client = new RawClient(server.backupPort())) {
      client.send(new Message.Hello(1));
      assertThat(client.receive()).isEqualTo(new Message.Hello(1));
      client.send(new Message.InfoRequest("neo4j"));
      Message.ServerInfo info = (Message.ServerInfo) client.receive();
      assertThat(info.database()).isEqualTo("neo4j");
      assertThat(info.clusterName()).isEqualTo("harness");
      assertThat(info.lastCommittedTxId()).isGreaterThan(writer.committed() - 1);
      assertThat(info.storeId().storageEngine()).isEqualTo("record");
      assertThat(info.serverVersion()).startsWith("Neo4j 5.26.");
    }
  }

  @Test
  void aClientOfAnotherProtocolVersionIsToldWhichVersionTheServerSpeaks() throws IOException {
    try (RawClient client = new RawClient(server.backupPort())) {
      client.send(new Message.Hello(9));
      assertThat(client.receive()).isEqualTo(new Message.Hello(1));
      assertThat(client.receive())
          .isEqualTo(
              new Message.Error(
                  ErrorCode.UNSUPPORTED_VERSION,
                  "client speaks backup protocol version 9; this server speaks version 1"));
      assertThat(client.receive()).as("then the server closes the connection").isNull();
    }
  }

  @Test
  void aMalformedFrameGetsAnErrorFrameAndTheConnectionCloses() throws IOException {
    try (RawClient client = new RawClient(server.backupPort())) {
      client.send(new Message.Hello(1));
      client.receive();
      client.sendBytes(new byte[] {0, 0, 0, 1, 0x42});
      assertThat(client.receive())
          .isEqualTo(new Message.Error(ErrorCode.PROTOCOL_VIOLATION, "unknown frame type 0x42"));
      assertThat(client.receive()).isNull();
    }
  }

  @Test
  void aClientThatStallsIsDroppedAndTheCheckpointPinReleased() throws IOException {
    try (RawClient stalled = new RawClient(server.backupPort(), 4096)) {
      stalled.send(new Message.Hello(1));
      stalled.send(new Message.FullBackupRequest("neo4j"));
      assertPinnedUntilAbortedThenReleased("the client read nothing for 3 s");
    }
  }

  @Test
  void aClientThatDisconnectsMidTransferReleasesThePin() throws IOException {
    try (RawClient leaving = new RawClient(server.backupPort(), 4096)) {
      leaving.send(new Message.Hello(1));
      leaving.receive();
      leaving.send(new Message.FullBackupRequest("neo4j"));
      assertThat(leaving.receive()).isInstanceOf(Message.BackupBegin.class);
    }
    assertPinnedUntilAbortedThenReleased(
        "(the client closed the connection|write to the client failed)");
  }

  @Test
  void aServerStoppingWhileABackupHoldsThePinAbortsTheBackupAndStopsCleanly() throws IOException {
    Neo4jServer stopping = Neo4jServer.start(work.resolve("stopping"));
    // Loaded before connecting: a connection must send its preamble within the handshake timeout.
    Ballast.add(stopping.driver(), 16);
    try (RawClient stalled = new RawClient(stopping.backupPort(), 4096)) {
      stalled.send(new Message.Hello(1));
      stalled.receive();
      stalled.send(new Message.FullBackupRequest("neo4j"));
      assertThat(stalled.receive()).isInstanceOf(Message.BackupBegin.class);

      stopping.stop();

      assertThat(log(stopping))
          .containsPattern(
              "Full backup of 'neo4j' .* aborted: (the server|database 'neo4j') is stopping")
          .as("the checkpointer's shutdown was not left waiting for the pin")
          .contains("Stopped.");
    } finally {
      stopping.kill();
    }
  }

  @Test
  void aPortOnlyAddressListensOnAllInterfacesAndADisabledServiceNotAtAll() throws IOException {
    int port = Neo4jServer.freePort();
    try (Neo4jServer wildcard =
        Neo4jServer.start(work.resolve("wildcard"), Map.of("online_backup_server", ":" + port))) {
      assertThat(log(wildcard))
          .containsPattern(
              "Online backup service listening on /(0\\.0\\.0\\.0|\\[0:0:0:0:0:0:0:0\\]):" + port);
      try (RawClient client = new RawClient(port)) {
        client.send(new Message.Hello(1));
        assertThat(client.receive()).isEqualTo(new Message.Hello(1));
      }
    }
    try (Neo4jServer disabled =
        Neo4jServer.start(
            work.resolve("disabled"),
            Map.of(
                "online_backup_enabled", "false", "online_backup_server", "127.0.0.1:" + port))) {
      assertThat(log(disabled)).contains("Online backup service is disabled");
      try (Socket socket = new Socket("127.0.0.1", port)) {
        throw new AssertionError("something listens on " + port + ": " + socket);
      } catch (ConnectException refused) {
        assertThat(refused).hasMessageContaining("Connection refused");
      }
    }
  }
}

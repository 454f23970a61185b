package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static void assertPinnedUntilAbortedThenReleased(String abortReason) {
    new ServerLog(server).assertPinnedUntilAbortedThenReleased(abortReason);
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
    new ServerLog(server)
        .awaitLine(
            "Full backup of 'neo4j' to .* sent: from the latest checkpoint \\(not forced\\),"
                + " \\d+ files \\(0 read with direct I/O\\)");
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
      // Whichever bound ends it first: 3 s without the channel draining, or a 3 s window in
      // which the client took (past the socket buffers) less than the minimum rate.
      assertPinnedUntilAbortedThenReleased(
          "the client (read nothing for 3 s|took [0-9]+ bytes/s over the last 3 s)");
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
  void aPortOnlyAddressChangesThePortAndStaysOnLoopbackAndADisabledServiceListensNowhere()
      throws IOException {
    int port = Neo4jServer.freePort();
    try (Neo4jServer portOnly =
        Neo4jServer.start(work.resolve("port-only"), Map.of("online_backup_server", ":" + port))) {
      assertThat(log(portOnly))
          .contains("Online backup service listening on /127.0.0.1:" + port)
          .doesNotContain("SECURITY WARNING");
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

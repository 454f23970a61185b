package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that refuses a connection right after its preamble, or hangs up between two exchanges:
 * the client's next exchange (authentication with a shared secret, the first request without one)
 * fails at once, with the server's reason when it gave one. The client's own thread starts that
 * exchange while Netty's thread sees the refusal and the close, in either order, so each case runs
 * many times to meet both.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EarlyRefusalTest {
  static final int CONNECTIONS = 200;
  static final BackupClient.Timeouts TIMEOUTS =
      new BackupClient.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
  static final String REFUSAL = "this backup service accepts TLS connections only";

  @TempDir Path work;
  FakeBackupServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Answers the preamble with its own, then an error frame, and ends its side of the stream. */
  void serveRefusal() {
    server =
        FakeBackupServer.start(
            (ctx, message) -> {
              if (message instanceof Message.Hello) {
                ctx.write(new Message.Hello(Protocol.VERSION));
                ctx.writeAndFlush(new Message.Error(ErrorCode.TLS_REQUIRED, REFUSAL))
                    .addListener(future -> ((SocketChannel) ctx.channel()).shutdownOutput());
              }
            });
  }

  /** Answers the preamble with its own, then closes the connection without a word. */
  void serveHangUp() {
    server =
        FakeBackupServer.start(
            (ctx, message) -> {
              if (message instanceof Message.Hello) {
                ctx.writeAndFlush(new Message.Hello(Protocol.VERSION))
                    .addListener(ChannelFutureListener.CLOSE);
              }
            });
  }

  /** Connects (proving a shared secret if {@code withSecret}) and asks for the server's info. */
  BackupException connectAndAskForInfo(boolean withSecret) throws IOException {
    ConnectionSecurity security =
        withSecret
            ? ConnectionSecurity.NONE.withSharedSecret(
                Files.writeString(work.resolve("secret"), "s3cr3t-0123456789abcdefghij\n"))
            : ConnectionSecurity.NONE;
    return catchThrowableOfType(
        () -> {
          try (BackupClient client = BackupClient.connect(server.member(), TIMEOUTS, security)) {
            client.info("neo4j");
          }
        },
        BackupException.class);
  }

  @ParameterizedTest(name = "with a shared secret: {0}")
  @ValueSource(booleans = {true, false})
  void aRefusalRightAfterThePreambleFailsTheNextExchangeWithTheServersReason(boolean withSecret)
      throws IOException {
    serveRefusal();
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(withSecret);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure.failure())
          .as(failure.getMessage())
          .isEqualTo(BackupFailure.AUTHENTICATION);
      assertThat(failure).hasMessageContaining(REFUSAL).hasMessageContaining("(TLS_REQUIRED)");
    }
  }

  @ParameterizedTest(name = "with a shared secret: {0}")
  @CsvSource({
    "true, closed the connection during authentication",
    "false, closed the connection before answering"
  })
  void aHangUpAfterThePreambleFailsTheNextExchangeAtOnce(boolean withSecret, String message)
      throws IOException {
    serveHangUp();
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(withSecret);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure).hasMessageContaining(message);
    }
  }
}

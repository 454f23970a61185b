package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.neo4jbackup.protocol.Protocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that refuses a connection right after its preamble, or hangs up between two exchanges:
 * the client's next exchange fails at once, with the server's reason when it gave one. The client's
 * own thread starts that exchange while Netty's thread sees the refusal and the close, in either
 * order, so each case runs many times to meet both.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EarlyRefusalTest {
  static final int CONNECTIONS = 200;
  static final BackupClient.Timeouts TIMEOUTS =
      new BackupClient.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));
  static final String REFUSAL = "this backup service accepts TLS connections only";

  @TempDir Path work;
  EventLoopGroup group;
  Channel server;
  BackupUri.Member member;
  ConnectionSecurity withSecret;

  @BeforeEach
  void start() throws IOException {
    group = new NioEventLoopGroup(1);
    Path secret = Files.writeString(work.resolve("secret"), "s3cr3t-0123456789abcdefghij\n");
    withSecret = ConnectionSecurity.NONE.withSharedSecret(secret);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** What the fake server does after it answers a client's preamble with its own. */
  enum AfterPreamble {
    /** Sends an error frame, then ends its side of the stream, as the backup service refuses. */
    REFUSE,
    /** Closes the connection without a word. */
    HANG_UP
  }

  void serve(AfterPreamble then) {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new PreambleDecoder())
                        .addLast(MessageEncoder.INSTANCE)
                        .addLast(
                            new SimpleChannelInboundHandler<Message>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, Message message) {
                                if (!(message instanceof Message.Hello)) {
                                  return;
                                }
                                if (then == AfterPreamble.HANG_UP) {
                                  ctx.writeAndFlush(new Message.Hello(Protocol.VERSION))
                                      .addListener(ChannelFutureListener.CLOSE);
                                } else {
                                  ctx.write(new Message.Hello(Protocol.VERSION));
                                  ctx.writeAndFlush(
                                          new Message.Error(ErrorCode.TLS_REQUIRED, REFUSAL))
                                      .addListener(
                                          future ->
                                              ((SocketChannel) ctx.channel()).shutdownOutput());
                                }
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
    member =
        new BackupUri.Member("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
  }

  /** Connects (proving {@code security}'s secret, if any) and asks for the server's info. */
  BackupException connectAndAskForInfo(ConnectionSecurity security) {
    return catchThrowableOfType(
        () -> {
          try (BackupClient client = BackupClient.connect(member, TIMEOUTS, security)) {
            client.info("neo4j");
          }
        },
        BackupException.class);
  }

  @Test
  void aRefusalRightAfterThePreambleFailsTheAuthenticationThatFollowsWithTheServersReason() {
    serve(AfterPreamble.REFUSE);
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(withSecret);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure.failure())
          .as(failure.getMessage())
          .isEqualTo(BackupFailure.AUTHENTICATION);
      assertThat(failure).hasMessageContaining(REFUSAL).hasMessageContaining("(TLS_REQUIRED)");
    }
  }

  @Test
  void aRefusalRightAfterThePreambleFailsTheFirstRequestWithTheServersReason() {
    serve(AfterPreamble.REFUSE);
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(ConnectionSecurity.NONE);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure.failure())
          .as(failure.getMessage())
          .isEqualTo(BackupFailure.AUTHENTICATION);
      assertThat(failure).hasMessageContaining(REFUSAL).hasMessageContaining("(TLS_REQUIRED)");
    }
  }

  @Test
  void aHangUpAfterThePreambleFailsTheAuthenticationThatFollowsAtOnce() {
    serve(AfterPreamble.HANG_UP);
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(withSecret);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure).hasMessageContaining("closed the connection during authentication");
    }
  }

  @Test
  void aHangUpAfterThePreambleFailsTheFirstRequestAtOnce() {
    serve(AfterPreamble.HANG_UP);
    for (int i = 0; i < CONNECTIONS; i++) {
      BackupException failure = connectAndAskForInfo(ConnectionSecurity.NONE);
      assertThat(failure).as("connection %d", i).isNotNull();
      assertThat(failure).hasMessageContaining("closed the connection before answering");
    }
  }
}

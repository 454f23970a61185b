package io.neo4jbackup.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.protocol.AuthToken;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.neo4j.logging.NullLog;

/**
 * A connection's way to its requests, one handler per step: the preamble, the shared secret where
 * the server has one, then requests; each step leaves the pipeline once done, and a refusal leaves
 * nothing behind that would still answer.
 */
class ConnectionPipelineTest {
  static final SharedSecret SECRET =
      SharedSecret.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
  static final long HANDSHAKE_MILLIS = 2000;

  /** A connection of a server with (or without) a shared secret, limited to 4 connections. */
  static EmbeddedChannel connection(boolean withSecret) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel
        .pipeline()
        .addLast(new HandshakeDeadline(HANDSHAKE_MILLIS, withSecret, NullLog.getInstance()))
        .addLast(new HandshakeHandler(4, withSecret, NullLog.getInstance()));
    if (withSecret) {
      channel.pipeline().addLast(new AuthenticationHandler(SECRET, NullLog.getInstance()));
    }
    channel
        .pipeline()
        .addLast(
            new RequestHandler(
                null, null, "c", null, false, false, NullLog.getInstance())); // no request sent
    channel.pipeline().fireChannelActive();
    return channel;
  }

  static List<Class<?>> handlers(EmbeddedChannel channel) {
    return channel.pipeline().toMap().values().stream()
        .<Class<?>>map(Object::getClass)
        .filter(type -> type.getPackageName().equals("io.neo4jbackup.service"))
        .toList();
  }

  @Test
  void thePreambleIsAnsweredAndItsHandlerLeaves() {
    EmbeddedChannel channel = connection(false);

    channel.writeInbound(new Message.Hello(Protocol.VERSION));

    assertThat((Object) channel.readOutbound()).isEqualTo(new Message.Hello(Protocol.VERSION));
    assertThat(handlers(channel)).containsExactly(RequestHandler.class);
  }

  @Test
  void aClientOfAnotherVersionIsToldWhichOneTheServerSpeaksAndNothingElseIsAnswered() {
    EmbeddedChannel channel = connection(false);

    channel.writeInbound(new Message.Hello(2), new Message.InfoRequest("neo4j"));

    assertThat((Object) channel.readOutbound()).isEqualTo(new Message.Hello(Protocol.VERSION));
    assertThat(((Message.Error) channel.readOutbound()).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    assertThat((Object) channel.readOutbound()).as("the request after the refusal").isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aRequestBeforeThePreambleIsAProtocolViolation() {
    EmbeddedChannel channel = connection(false);

    channel.writeInbound(new Message.InfoRequest("neo4j"));

    channel.readOutbound(); // the server's preamble, so that the client can read what follows
    assertThat(((Message.Error) channel.readOutbound()).message())
        .isEqualTo("expected the protocol preamble");
  }

  @Test
  void aClientThatIsNotReadyWithinTheHandshakeTimeoutIsClosed() {
    EmbeddedChannel channel = connection(true);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));

    channel.advanceTimeBy(HANDSHAKE_MILLIS + 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void withASecretARequestBeforeTheProofIsRefused() {
    EmbeddedChannel channel = connection(true);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));
    channel.readOutbound();

    channel.writeInbound(new Message.FullBackupRequest("neo4j"));

    assertThat(((Message.Error) channel.readOutbound()).code())
        .isEqualTo(ErrorCode.AUTHENTICATION_REQUIRED);
  }

  @Test
  void aClientThatProvesTheSecretIsReadyAuthenticatedAndLeftWithItsRequestsOnly() {
    EmbeddedChannel channel = connection(true);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));
    channel.readOutbound();
    AuthToken clientNonce = AuthToken.random();

    channel.writeInbound(new Message.AuthRequest(clientNonce));
    AuthToken serverNonce = ((Message.AuthChallenge) channel.readOutbound()).serverNonce();
    channel.writeInbound(new Message.AuthResponse(SECRET.clientProof(serverNonce, clientNonce)));

    Message.AuthOk ok = channel.readOutbound();
    assertThat(SharedSecret.matches(SECRET.serverProof(serverNonce, clientNonce), ok.proof()))
        .isTrue();
    assertThat(channel.hasAttr(AuthenticationHandler.PROVED)).isTrue();
    assertThat(handlers(channel)).containsExactly(RequestHandler.class);
    channel.advanceTimeBy(HANDSHAKE_MILLIS + 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).as("no handshake deadline once ready").isTrue();
  }

  @Test
  void aWrongProofIsRefusedAndTheConnectionClosed() {
    EmbeddedChannel channel = connection(true);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));
    channel.readOutbound();
    AuthToken clientNonce = AuthToken.random();
    channel.writeInbound(new Message.AuthRequest(clientNonce));
    assertThat((Object) channel.readOutbound()).isInstanceOf(Message.AuthChallenge.class);

    channel.writeInbound(new Message.AuthResponse(AuthToken.random()));

    assertThat(((Message.Error) channel.readOutbound()).code())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.hasAttr(AuthenticationHandler.PROVED)).isFalse();
  }

  @Test
  void afterAWrongProofNothingElseTheClientSentIsAnswered() {
    EmbeddedChannel channel = connection(true);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));
    channel.readOutbound();
    AuthToken clientNonce = AuthToken.random();
    channel.writeInbound(new Message.AuthRequest(clientNonce));
    AuthToken serverNonce = ((Message.AuthChallenge) channel.readOutbound()).serverNonce();

    // A wrong guess, then the right proof and a request, in the same read.
    channel.writeInbound(
        new Message.AuthResponse(AuthToken.random()),
        new Message.AuthResponse(SECRET.clientProof(serverNonce, clientNonce)),
        new Message.InfoRequest("neo4j"));

    assertThat(((Message.Error) channel.readOutbound()).code())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat((Object) channel.readOutbound()).as("no second guess, no request served").isNull();
    assertThat(channel.hasAttr(AuthenticationHandler.PROVED)).isFalse();
  }

  @Test
  void aServerWithoutASecretRefusesToProveOne() {
    EmbeddedChannel channel = connection(false);
    channel.writeInbound(new Message.Hello(Protocol.VERSION));
    channel.readOutbound();

    channel.writeInbound(new Message.AuthRequest(AuthToken.random()));

    assertThat(((Message.Error) channel.readOutbound()).code())
        .isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
  }
}

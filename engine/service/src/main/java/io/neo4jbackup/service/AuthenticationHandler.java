package io.neo4jbackup.service;

import io.neo4jbackup.protocol.AuthToken;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.AttributeKey;
import org.neo4j.logging.InternalLog;

/**
 * Where the server has a shared secret, between the preamble and any request: the client proves the
 * secret by HMAC over both nonces and the server proves it back (PROTOCOL.md). A request before
 * that is refused. Once the client has proved it, it is marked {@link #PROVED} and {@link
 * HandshakeDeadline#READY}, and this handler leaves the pipeline.
 */
final class AuthenticationHandler extends SimpleChannelInboundHandler<Message> {
  /** Set on a connection whose client proved the shared secret. */
  static final AttributeKey<Boolean> PROVED = AttributeKey.valueOf("online-backup-secret-proved");

  private final SharedSecret secret;
  private final InternalLog log;
  private AuthToken clientNonce;
  private AuthToken serverNonce;

  AuthenticationHandler(SharedSecret secret, InternalLog log) {
    this.secret = secret;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (message instanceof Message.Malformed malformed) {
      Refusal.refuse(ctx, ErrorCode.PROTOCOL_VIOLATION, malformed.reason(), log);
    } else if (message instanceof Message.AuthRequest request) {
      challenge(ctx, request);
    } else if (message instanceof Message.AuthResponse response) {
      verify(ctx, response);
    } else if (message instanceof Message.Error error) {
      log.info(
          "Backup client %s reported %s: %s",
          ctx.channel().remoteAddress(), error.code(), error.message());
      ctx.close();
    } else {
      log.warn(
          "Backup client %s refused: it sent a request without proving the shared secret",
          ctx.channel().remoteAddress());
      Refusal.refuse(
          ctx,
          ErrorCode.AUTHENTICATION_REQUIRED,
          "this server requires clients to prove its shared secret"
              + " (server.online_backup.shared_secret_file) before any request",
          log);
    }
  }

  private void challenge(ChannelHandlerContext ctx, Message.AuthRequest request) {
    if (clientNonce != null) {
      Refusal.refuse(ctx, ErrorCode.PROTOCOL_VIOLATION, "authentication was already started", log);
      return;
    }
    clientNonce = request.clientNonce();
    serverNonce = AuthToken.random();
    ctx.writeAndFlush(new Message.AuthChallenge(serverNonce));
  }

  private void verify(ChannelHandlerContext ctx, Message.AuthResponse response) {
    if (serverNonce == null) {
      Refusal.refuse(
          ctx, ErrorCode.PROTOCOL_VIOLATION, "an authentication response without a challenge", log);
    } else if (!SharedSecret.matches(
        secret.clientProof(serverNonce, clientNonce), response.proof())) {
      log.warn(
          "Backup client %s refused: wrong shared secret (its proof does not match)",
          ctx.channel().remoteAddress());
      Refusal.refuse(
          ctx,
          ErrorCode.AUTHENTICATION_FAILED,
          "wrong shared secret: the client's proof does not match this server's secret",
          log);
    } else {
      ctx.channel().attr(PROVED).set(true);
      ctx.writeAndFlush(new Message.AuthOk(secret.serverProof(serverNonce, clientNonce)));
      ctx.pipeline().remove(this);
      ctx.pipeline().fireUserEventTriggered(HandshakeDeadline.READY);
    }
  }
}

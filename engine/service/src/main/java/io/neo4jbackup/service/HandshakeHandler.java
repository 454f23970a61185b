package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.neo4j.logging.InternalLog;

/**
 * The start of a connection: the preamble, answered with the server's own, or refused (another
 * protocol version, plain text on a TLS port, one connection too many). Once the preamble is
 * accepted this handler leaves the pipeline; without a shared secret to prove, the client is then
 * {@link HandshakeDeadline#READY}.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<Message> {
  private final int maxConnections;
  private final boolean authenticationFollows;
  private final InternalLog log;

  /**
   * @param authenticationFollows whether an {@link AuthenticationHandler} makes the client ready
   */
  HandshakeHandler(int maxConnections, boolean authenticationFollows, InternalLog log) {
    this.maxConnections = maxConnections;
    this.authenticationFollows = authenticationFollows;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (message instanceof Message.Malformed malformed) {
      Refusal.refuse(ctx, ErrorCode.PROTOCOL_VIOLATION, malformed.reason(), log);
      return;
    }
    ctx.write(new Message.Hello(Protocol.VERSION));
    if (!(message instanceof Message.Hello hello)) {
      Refusal.refuse(ctx, ErrorCode.PROTOCOL_VIOLATION, "expected the protocol preamble", log);
    } else if (hello.version() != Protocol.VERSION) {
      Refusal.refuse(
          ctx,
          ErrorCode.UNSUPPORTED_VERSION,
          "client speaks backup protocol version "
              + hello.version()
              + "; this server speaks version "
              + Protocol.VERSION,
          log);
    } else if (ctx.channel().hasAttr(TlsGate.PLAIN_TEXT)) {
      Refusal.refuse(
          ctx,
          ErrorCode.TLS_REQUIRED,
          "this backup service accepts TLS connections only (server.online_backup.tls.enabled),"
              + " and the client connected in plain text",
          log);
    } else if (ctx.channel().hasAttr(ConnectionLimit.OVER_LIMIT)) {
      Refusal.refuse(
          ctx,
          ErrorCode.SERVER_BUSY,
          "the server has its maximum of "
              + maxConnections
              + " backup connections open (server.online_backup.max_connections); retry later",
          log);
    } else {
      ctx.flush();
      ctx.pipeline().remove(this);
      if (!authenticationFollows) {
        ctx.pipeline().fireUserEventTriggered(HandshakeDeadline.READY);
      }
    }
  }
}

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.neo4j.logging.InternalLog;

/**
 * Refuses a connection: logs why, sends the error frame, and stops listening to it. Whatever the
 * client sends afterwards is dropped (the handshake, authentication and request handlers give way
 * to a {@link Discard}), and the connection ends without losing the error frame.
 */
final class Refusal {
  /** How long a refused client has to read the error and close before the server closes. */
  private static final Duration LINGER_AFTER_ERROR = Duration.ofSeconds(2);

  private Refusal() {}

  static void refuse(ChannelHandlerContext ctx, ErrorCode code, String reason, InternalLog log) {
    log.warn("Backup client %s: %s", ctx.channel().remoteAddress(), reason);
    var pipeline = ctx.pipeline();
    for (Class<? extends ChannelHandler> handler :
        java.util.List.of(
            HandshakeHandler.class, AuthenticationHandler.class, RequestHandler.class)) {
      if (pipeline.get(handler) != null) {
        pipeline.remove(handler);
      }
    }
    if (pipeline.get(Discard.class) == null) {
      pipeline.addLast(new Discard());
    }
    ctx.writeAndFlush(new Message.Error(code, reason)).addListener(future -> endAfterError(ctx));
  }

  /**
   * Ends a refused plain-text connection without losing the error frame. Closing a socket with
   * unread input, such as a request the client sent before it read the refusal, makes the kernel
   * reset the connection and drop what the client has not read yet. So the server sends its end of
   * the stream, drops further input, and closes when the client does, or after {@link
   * #LINGER_AFTER_ERROR}. Over TLS the connection is closed with TLS's own close.
   */
  private static void endAfterError(ChannelHandlerContext ctx) {
    if (ctx.channel() instanceof SocketChannel socket
        && ctx.pipeline().get(SslHandler.class) == null
        && socket.isActive()) {
      socket.shutdownOutput();
      ctx.executor()
          .schedule(() -> ctx.close(), LINGER_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      ctx.close();
    }
  }

  /** Drops what a refused client still sends. */
  static final class Discard extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      ReferenceCountUtil.release(message);
    }
  }
}

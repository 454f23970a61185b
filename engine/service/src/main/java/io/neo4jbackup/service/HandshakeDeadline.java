package io.neo4jbackup.service;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.neo4j.logging.InternalLog;

/**
 * Closes a connection that is not {@link #READY} (greeted, and authenticated where the server has a
 * shared secret) within the handshake timeout; leaves the pipeline once it is.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
  /** The user event fired, from the pipeline's head, once a client may send requests. */
  static final Object READY = "online-backup-client-ready";

  private final long millis;
  private final boolean withAuthentication;
  private final InternalLog log;
  private ScheduledFuture<?> deadline;

  HandshakeDeadline(long millis, boolean withAuthentication, InternalLog log) {
    this.millis = millis;
    this.withAuthentication = withAuthentication;
    this.log = log;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  log.warn(
                      "Backup client %s refused: it did not complete the handshake%s within %d ms",
                      ctx.channel().remoteAddress(),
                      withAuthentication ? " and authentication" : "",
                      millis);
                  ctx.close();
                },
                millis,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == READY) {
      deadline.cancel(false);
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}

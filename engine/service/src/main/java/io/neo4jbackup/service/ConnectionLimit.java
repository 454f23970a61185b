package io.neo4jbackup.service;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.neo4j.logging.InternalLog;

/**
 * Counts the open connections. One beyond the maximum is marked {@link #OVER_LIMIT} (it is told the
 * server is busy after the preamble, then closed); beyond twice the maximum a connection is closed
 * at once, without a word, so a flood cannot hold more sockets than that.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Boolean> OVER_LIMIT = AttributeKey.valueOf("online-backup-over-limit");

  private final int max;
  private final InternalLog log;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max, InternalLog log) {
    this.max = max;
    this.log = log;
  }

  int max() {
    return max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    int count = open.incrementAndGet();
    ctx.channel().closeFuture().addListener(closed -> open.decrementAndGet());
    if (count > 2 * max) {
      log.warn(
          "Backup client %s refused: %d connections open, more than twice the maximum of %d",
          ctx.channel().remoteAddress(), count - 1, max);
      ctx.close();
      return;
    }
    if (count > max) {
      ctx.channel().attr(OVER_LIMIT).set(true);
    }
    ctx.fireChannelActive();
  }
}

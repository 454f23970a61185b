package io.neo4jbackup.service;

import io.neo4jbackup.protocol.Message;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * Writes messages to a client from a transfer thread, waiting while the client's socket buffer is
 * full. A client that reads nothing for the stall timeout, that falls short of its {@link
 * TransferBudget}, or whose connection closes, aborts the transfer: a transfer never buffers more
 * than the channel's high water mark, nor holds the server longer than its budget.
 */
final class ChannelSink {
  private final Channel channel;
  private final long stallNanos;
  private final TransferBudget budget;
  private volatile String abortReason;

  ChannelSink(Channel channel, Duration stallTimeout, TransferBudget budget) {
    this.channel = channel;
    this.stallNanos = stallTimeout.toNanos();
    this.budget = budget;
  }

  void send(Message message) {
    long size = message instanceof Message.FileChunk chunk ? chunk.content().readableBytes() : 0;
    try {
      awaitWritable();
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(message);
      throw e;
    }
    channel
        .writeAndFlush(message)
        .addListener(
            future -> {
              if (future.isSuccess()) {
                budget.taken(size);
              } else {
                abort("write to the client failed: " + future.cause());
              }
            });
  }

  /** Ends the transfer at its next write; wakes it if it is waiting. */
  void abort(String reason) {
    synchronized (this) {
      if (abortReason == null) {
        abortReason = reason;
      }
      notifyAll();
    }
  }

  /** Called on the event loop when the channel's writability or state changes. */
  synchronized void wakeUp() {
    notifyAll();
  }

  void checkNotAborted() {
    String reason = abortReason;
    if (reason != null) {
      throw new TransferAborted(reason);
    }
    if (!channel.isActive()) {
      throw new TransferAborted("the client closed the connection");
    }
  }

  private synchronized void awaitWritable() {
    long started = System.nanoTime();
    long deadline = started + stallNanos;
    long checked = started;
    while (true) {
      checkNotAborted();
      long now = System.nanoTime();
      budget.check(now - checked);
      checked = now;
      if (channel.isWritable()) {
        return;
      }
      long remaining = deadline - now;
      if (remaining <= 0) {
        throw new TransferAborted(
            "the client read nothing for " + Duration.ofNanos(stallNanos).toSeconds() + " s");
      }
      try {
        wait(Math.max(1, Math.min(remaining, budget.nanosUntilNextCheck()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransferAborted("the server is stopping");
      }
    }
  }

  /** Why a transfer stopped before its end. */
  static final class TransferAborted extends RuntimeException {
    TransferAborted(String reason) {
      super(reason);
    }
  }
}

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.neo4j.logging.InternalLog;

/**
 * One client connection: the handshake, then requests. Info is answered on the event loop; a full
 * backup is handed to a transfer thread. Anything unexpected gets an error frame and the connection
 * closes.
 */
final class BackupRequestHandler extends SimpleChannelInboundHandler<Message> {
  private final Databases databases;
  private final Transfers transfers;
  private final String clusterName;
  private final Duration stallTimeout;
  private final InternalLog log;
  private boolean greeted;
  private ChannelSink streaming;

  BackupRequestHandler(
      Databases databases,
      Transfers transfers,
      String clusterName,
      Duration stallTimeout,
      InternalLog log) {
    this.databases = databases;
    this.transfers = transfers;
    this.clusterName = clusterName;
    this.stallTimeout = stallTimeout;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (message instanceof Message.Malformed malformed) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, malformed.reason());
    } else if (!greeted) {
      greet(ctx, message);
    } else if (streaming != null) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, "a backup is already streaming on this connection");
    } else if (message instanceof Message.InfoRequest request) {
      info(ctx, request.database());
    } else if (message instanceof Message.FullBackupRequest request) {
      fullBackup(ctx, request.database());
    } else if (message instanceof Message.IncrementalBackupRequest request) {
      incrementalBackup(ctx, request);
    } else if (message instanceof Message.Error error) {
      log.info(
          "Backup client %s reported %s: %s",
          ctx.channel().remoteAddress(), error.code(), error.message());
      ctx.close();
    } else {
      fail(
          ctx,
          ErrorCode.PROTOCOL_VIOLATION,
          "unexpected " + message.getClass().getSimpleName() + " from a client");
    }
  }

  private void greet(ChannelHandlerContext ctx, Message message) {
    ctx.write(new Message.Hello(Protocol.VERSION));
    if (!(message instanceof Message.Hello hello)) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, "expected the protocol preamble");
    } else if (hello.version() != Protocol.VERSION) {
      fail(
          ctx,
          ErrorCode.UNSUPPORTED_VERSION,
          "client speaks backup protocol version "
              + hello.version()
              + "; this server speaks version "
              + Protocol.VERSION);
    } else {
      greeted = true;
      ctx.flush();
    }
  }

  private void info(ChannelHandlerContext ctx, String database) {
    try {
      SourceDatabase source = databases.get(database);
      ctx.writeAndFlush(
          new Message.ServerInfo(
              source.storeId(),
              database,
              clusterName,
              source.lastCommittedTxId(),
              ServerVersion.describe()));
    } catch (RequestFailure e) {
      ctx.writeAndFlush(e.toMessage()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void fullBackup(ChannelHandlerContext ctx, String database) {
    startTransfer(
        ctx,
        database,
        "Full backup",
        (source, sender) -> new FullBackupTransfer(source, clusterName, sender)::run);
  }

  private void incrementalBackup(
      ChannelHandlerContext ctx, Message.IncrementalBackupRequest request) {
    startTransfer(
        ctx,
        request.database(),
        "Incremental backup",
        (source, sender) -> new IncrementalTransfer(source, clusterName, request, sender)::run);
  }

  /** What a transfer does, given its database and where to send. */
  @FunctionalInterface
  private interface TransferFactory {
    Transfer create(SourceDatabase source, FileSender sender);
  }

  /** A transfer's work; returns a summary for the log. */
  @FunctionalInterface
  private interface Transfer {
    String run() throws Exception;
  }

  private void startTransfer(
      ChannelHandlerContext ctx, String database, String kind, TransferFactory factory) {
    SourceDatabase source;
    try {
      source = databases.get(database);
    } catch (RequestFailure e) {
      ctx.writeAndFlush(e.toMessage()).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ChannelSink sink = new ChannelSink(ctx.channel(), stallTimeout);
    Transfer transfer = factory.create(source, new FileSender(sink, ctx.alloc()));
    String client = String.valueOf(ctx.channel().remoteAddress());
    boolean started =
        transfers.start(database, sink, () -> stream(ctx, transfer, kind, client, database));
    if (started) {
      streaming = sink;
    } else {
      fail(
          ctx,
          ErrorCode.SERVER_BUSY,
          "the server is already streaming its maximum number of backups; retry later");
    }
  }

  private void stream(
      ChannelHandlerContext ctx, Transfer transfer, String kind, String client, String database) {
    log.info("%s of '%s' to %s started", kind, database, client);
    try {
      String summary = transfer.run();
      log.info("%s of '%s' to %s sent: %s", kind, database, client, summary);
    } catch (ChannelSink.TransferAborted e) {
      log.warn("%s of '%s' to %s aborted: %s", kind, database, client, e.getMessage());
      ctx.close();
    } catch (RequestFailure e) {
      log.warn("%s of '%s' to %s refused: %s", kind, database, client, e.getMessage());
      ctx.writeAndFlush(e.toMessage()).addListener(ChannelFutureListener.CLOSE);
    } catch (Exception e) {
      log.error(kind + " of '" + database + "' to " + client + " failed", e);
      ctx.writeAndFlush(
              new Message.Error(
                  ErrorCode.SERVER_FAILURE,
                  kind.toLowerCase(java.util.Locale.ROOT) + " failed on the server: " + e))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void fail(ChannelHandlerContext ctx, ErrorCode code, String reason) {
    log.warn("Backup client %s: %s", ctx.channel().remoteAddress(), reason);
    ctx.writeAndFlush(new Message.Error(code, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (streaming != null) {
      streaming.wakeUp();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (streaming != null) {
      streaming.abort("the client closed the connection");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && streaming == null) {
      log.info("Closing idle backup connection from %s", ctx.channel().remoteAddress());
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn(
        "Backup connection from %s failed: %s", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.neo4j.logging.InternalLog;

/**
 * The requests of a client that shook hands (and proved the shared secret where the server has
 * one): info is answered on the event loop, a full or incremental backup is handed to a transfer
 * thread. Anything unexpected gets an error frame and the connection ends ({@link Refusal}).
 */
final class RequestHandler extends SimpleChannelInboundHandler<Message> {
  /**
   * How long a client may stall, how many connections are allowed, and how long and how slowly one
   * backup may stream ({@link TransferBudget}).
   */
  record Limits(
      Duration stallTimeout, int maxConnections, Duration maxTransferTime, long minTransferRate) {}

  private final Databases databases;
  private final Transfers transfers;
  private final String clusterName;
  private final Limits limits;
  private final boolean directIo;
  private final boolean mutualTls;
  private final InternalLog log;
  private ChannelSink streaming;

  RequestHandler(
      Databases databases,
      Transfers transfers,
      String clusterName,
      Limits limits,
      boolean directIo,
      boolean mutualTls,
      InternalLog log) {
    this.databases = databases;
    this.transfers = transfers;
    this.clusterName = clusterName;
    this.limits = limits;
    this.directIo = directIo;
    this.mutualTls = mutualTls;
    this.log = log;
  }

  /**
   * Whether this client proved who it is: by a certificate the client CA signed, or by the shared
   * secret. Only such a client may make the server checkpoint, or learn which databases it serves.
   */
  private boolean clientAuthenticated(ChannelHandlerContext ctx) {
    return mutualTls || ctx.channel().hasAttr(AuthenticationHandler.PROVED);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (message instanceof Message.Malformed malformed) {
      Refusal.refuse(ctx, ErrorCode.PROTOCOL_VIOLATION, malformed.reason(), log);
    } else if (streaming != null) {
      Refusal.refuse(
          ctx,
          ErrorCode.PROTOCOL_VIOLATION,
          "a backup is already streaming on this connection",
          log);
    } else if (message instanceof Message.InfoRequest request) {
      info(ctx, request.database());
    } else if (message instanceof Message.FullBackupRequest request) {
      fullBackup(ctx, request.database());
    } else if (message instanceof Message.IncrementalBackupRequest request) {
      incrementalBackup(ctx, request);
    } else if (message instanceof Message.AuthRequest) {
      Refusal.refuse(
          ctx,
          ctx.channel().hasAttr(AuthenticationHandler.PROVED)
              ? ErrorCode.PROTOCOL_VIOLATION
              : ErrorCode.AUTHENTICATION_FAILED,
          ctx.channel().hasAttr(AuthenticationHandler.PROVED)
              ? "authentication was already started"
              : "this server has no shared secret (server.online_backup.shared_secret_file is not"
                  + " set), so it cannot prove one to the client",
          log);
    } else if (message instanceof Message.AuthResponse) {
      Refusal.refuse(
          ctx, ErrorCode.PROTOCOL_VIOLATION, "an authentication response without a challenge", log);
    } else if (message instanceof Message.Error error) {
      log.info(
          "Backup client %s reported %s: %s",
          ctx.channel().remoteAddress(), error.code(), error.message());
      ctx.close();
    } else {
      Refusal.refuse(
          ctx,
          ErrorCode.PROTOCOL_VIOLATION,
          "unexpected " + message.getClass().getSimpleName() + " from a client",
          log);
    }
  }

  private void info(ChannelHandlerContext ctx, String database) {
    try {
      SourceDatabase source = databases.get(database, clientAuthenticated(ctx));
      ctx.writeAndFlush(
          new Message.ServerInfo(
              source.storeId(),
              database,
              clusterName,
              source.lastCommittedTxId(),
              ServerVersion.describe()));
    } catch (RequestFailure e) {
      Refusal.refuse(ctx, e.code(), e.getMessage(), log);
    }
  }

  private void fullBackup(ChannelHandlerContext ctx, String database) {
    startTransfer(
        ctx,
        database,
        "Full backup",
        (source, sender) ->
            new FullBackupTransfer(source, clusterName, sender, directIo, clientAuthenticated(ctx))
                ::run);
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
      source = databases.get(database, clientAuthenticated(ctx));
    } catch (RequestFailure e) {
      Refusal.refuse(ctx, e.code(), e.getMessage(), log);
      return;
    }
    ChannelSink sink =
        new ChannelSink(
            ctx.channel(),
            limits.stallTimeout(),
            new TransferBudget(
                limits.maxTransferTime(), limits.minTransferRate(), limits.stallTimeout()));
    FileSender sender = new FileSender(sink, ctx.alloc());
    Transfer transfer = factory.create(source, sender);
    String client = String.valueOf(ctx.channel().remoteAddress());
    // Under the database's own name: a stopping database aborts its transfers by that name.
    boolean started =
        transfers.start(
            source.name(), sink, () -> stream(ctx, transfer, sender, kind, client, source.name()));
    if (started) {
      streaming = sink;
    } else {
      Refusal.refuse(
          ctx,
          ErrorCode.SERVER_BUSY,
          "the server is already streaming its maximum number of backups; retry later",
          log);
    }
  }

  private void stream(
      ChannelHandlerContext ctx,
      Transfer transfer,
      FileSender sender,
      String kind,
      String client,
      String database) {
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
    } finally {
      sender.close();
      // The connection may idle out again (a client gone without a word is dropped).
      ctx.executor().execute(() -> streaming = null);
    }
  }

  /**
   * While a transfer streams, it waits for the channel to drain; otherwise the server stops reading
   * requests while their answers cannot be written, so a client that sends without reading cannot
   * make it buffer more than the channel's high water mark.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (streaming != null) {
      streaming.wakeUp();
    } else {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
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
    if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
      log.warn(
          "Backup client %s refused: TLS handshake failed: %s",
          ctx.channel().remoteAddress(), handshake.cause().getMessage());
    } else if (event instanceof IdleStateEvent && streaming == null) {
      log.info("Closing idle backup connection from %s", ctx.channel().remoteAddress());
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      // Logged with the handshake event, or a TLS failure after it: either way the channel closes.
      ctx.close();
      return;
    }
    log.warn(
        "Backup connection from %s failed: %s", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.AuthToken;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.neo4j.logging.InternalLog;

/**
 * One client connection: the handshake, authentication when the server has a shared secret, then
 * requests. Info is answered on the event loop; a full backup is handed to a transfer thread.
 * Anything unexpected gets an error frame and the connection closes. A connection that does not
 * complete the handshake (and authentication) within the handshake timeout is closed.
 */
final class BackupRequestHandler extends SimpleChannelInboundHandler<Message> {
  /** How long a refused client has to read the error and close before the server closes. */
  private static final Duration LINGER_AFTER_ERROR = Duration.ofSeconds(2);

  /**
   * How long a client may stall or take to shake hands, how many connections are allowed, and how
   * long and how slowly one backup may stream ({@link TransferBudget}).
   */
  record Limits(
      Duration stallTimeout,
      Duration handshakeTimeout,
      int maxConnections,
      Duration maxTransferTime,
      long minTransferRate) {}

  private final Databases databases;
  private final Transfers transfers;
  private final String clusterName;
  private final Limits limits;
  private final boolean directIo;
  private final SharedSecret secret;
  private final boolean mutualTls;
  private final InternalLog log;
  private boolean greeted;
  private AuthToken clientNonce;
  private AuthToken serverNonce;
  private boolean authenticated;
  private ScheduledFuture<?> handshakeDeadline;
  private ChannelSink streaming;
  private boolean refused;

  BackupRequestHandler(
      Databases databases,
      Transfers transfers,
      String clusterName,
      Limits limits,
      boolean directIo,
      ServerSecurity security,
      InternalLog log) {
    this.databases = databases;
    this.transfers = transfers;
    this.clusterName = clusterName;
    this.limits = limits;
    this.directIo = directIo;
    this.secret = security.secret();
    this.mutualTls = security.mutualTls();
    this.log = log;
  }

  /**
   * Whether this client proved who it is: by a certificate the client CA signed, or by the shared
   * secret. Only such a client may make the server checkpoint, or learn which databases it serves.
   */
  private boolean clientAuthenticated() {
    return mutualTls || authenticated;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long millis = limits.handshakeTimeout().toMillis();
    handshakeDeadline =
        ctx.executor()
            .schedule(
                () -> {
                  log.warn(
                      "Backup client %s refused: it did not complete the handshake%s within %d ms",
                      ctx.channel().remoteAddress(),
                      secret == null ? "" : " and authentication",
                      millis);
                  ctx.close();
                },
                millis,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  /** The client may send requests: it shook hands and, if the server has a secret, proved it. */
  private void ready() {
    if (handshakeDeadline != null) {
      handshakeDeadline.cancel(false);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Message message) {
    if (refused) {
      return; // the error was sent; the client is expected to close
    }
    if (message instanceof Message.Malformed malformed) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, malformed.reason());
    } else if (!greeted) {
      greet(ctx, message);
    } else if (streaming != null) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, "a backup is already streaming on this connection");
    } else if (message instanceof Message.AuthRequest request) {
      challenge(ctx, request);
    } else if (message instanceof Message.AuthResponse response) {
      verify(ctx, response);
    } else if (secret != null && !authenticated && !(message instanceof Message.Error)) {
      log.warn(
          "Backup client %s refused: it sent a request without proving the shared secret",
          ctx.channel().remoteAddress());
      fail(
          ctx,
          ErrorCode.AUTHENTICATION_REQUIRED,
          "this server requires clients to prove its shared secret"
              + " (server.online_backup.shared_secret_file) before any request");
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
    } else if (ctx.channel().hasAttr(TlsGate.PLAIN_TEXT)) {
      fail(
          ctx,
          ErrorCode.TLS_REQUIRED,
          "this backup service accepts TLS connections only (server.online_backup.tls.enabled),"
              + " and the client connected in plain text");
    } else if (ctx.channel().hasAttr(ConnectionLimit.OVER_LIMIT)) {
      fail(
          ctx,
          ErrorCode.SERVER_BUSY,
          "the server has its maximum of "
              + limits.maxConnections()
              + " backup connections open (server.online_backup.max_connections); retry later");
    } else {
      greeted = true;
      ctx.flush();
      if (secret == null) {
        ready();
      }
    }
  }

  private void challenge(ChannelHandlerContext ctx, Message.AuthRequest request) {
    if (secret == null) {
      fail(
          ctx,
          ErrorCode.AUTHENTICATION_FAILED,
          "this server has no shared secret (server.online_backup.shared_secret_file is not set),"
              + " so it cannot prove one to the client");
    } else if (clientNonce != null) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, "authentication was already started");
    } else {
      clientNonce = request.clientNonce();
      serverNonce = AuthToken.random();
      ctx.writeAndFlush(new Message.AuthChallenge(serverNonce));
    }
  }

  private void verify(ChannelHandlerContext ctx, Message.AuthResponse response) {
    if (serverNonce == null || authenticated) {
      fail(ctx, ErrorCode.PROTOCOL_VIOLATION, "an authentication response without a challenge");
    } else if (!SharedSecret.matches(
        secret.clientProof(serverNonce, clientNonce), response.proof())) {
      log.warn(
          "Backup client %s refused: wrong shared secret (its proof does not match)",
          ctx.channel().remoteAddress());
      ctx.writeAndFlush(
              new Message.Error(
                  ErrorCode.AUTHENTICATION_FAILED,
                  "wrong shared secret: the client's proof does not match this server's secret"))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      authenticated = true;
      ready();
      ctx.writeAndFlush(new Message.AuthOk(secret.serverProof(serverNonce, clientNonce)));
    }
  }

  private void info(ChannelHandlerContext ctx, String database) {
    try {
      SourceDatabase source = databases.get(database, clientAuthenticated());
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
        (source, sender) ->
            new FullBackupTransfer(source, clusterName, sender, directIo, clientAuthenticated())
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
      source = databases.get(database, clientAuthenticated());
    } catch (RequestFailure e) {
      ctx.writeAndFlush(e.toMessage()).addListener(ChannelFutureListener.CLOSE);
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
    boolean started =
        transfers.start(
            database, sink, () -> stream(ctx, transfer, sender, kind, client, database));
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
    }
  }

  private void fail(ChannelHandlerContext ctx, ErrorCode code, String reason) {
    log.warn("Backup client %s: %s", ctx.channel().remoteAddress(), reason);
    refused = true;
    ctx.writeAndFlush(new Message.Error(code, reason)).addListener(future -> endAfterError(ctx));
  }

  /**
   * Ends a refused plain-text connection without losing the error frame. Closing a socket with
   * unread input, such as a request the client sent before it read the refusal, makes the kernel
   * reset the connection and drop what the client has not read yet. So the server sends its end of
   * the stream, drops further input, and closes when the client does, or after {@link
   * #LINGER_AFTER_ERROR}. Over TLS the connection is closed with TLS's own close.
   */
  private void endAfterError(ChannelHandlerContext ctx) {
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
    if (handshakeDeadline != null) {
      handshakeDeadline.cancel(false);
    }
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

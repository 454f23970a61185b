package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.AuthToken;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A connection to one server's backup service: the handshake, then one request at a time. Every
 * failure becomes a {@link BackupException} that names the server and the problem.
 */
final class BackupClient implements AutoCloseable {
  private final BackupUri.Member server;
  private final EventLoopGroup group;
  private final Channel channel;
  private final ResponseHandler handler;
  private final ConnectionSecurity security;

  private BackupClient(
      BackupUri.Member server,
      EventLoopGroup group,
      Channel channel,
      ResponseHandler handler,
      ConnectionSecurity security) {
    this.server = server;
    this.group = group;
    this.channel = channel;
    this.handler = handler;
    this.security = security;
  }

  /**
   * Connects without TLS or shared secret; see {@link #connect(BackupUri.Member, Timeouts,
   * ConnectionSecurity)}.
   */
  static BackupClient connect(BackupUri.Member server, Timeouts timeouts) {
    return connect(server, timeouts, ConnectionSecurity.NONE);
  }

  /**
   * Connects (over TLS when {@code security} says so), shakes hands and proves the shared secret if
   * there is one; fails with CONNECTION, PROTOCOL or AUTHENTICATION when that does not work.
   */
  static BackupClient connect(
      BackupUri.Member server, Timeouts timeouts, ConnectionSecurity security) {
    EventLoopGroup group =
        new NioEventLoopGroup(1, new DefaultThreadFactory("neo4j-backup-client", true));
    ResponseHandler handler = new ResponseHandler(server, security);
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis())
              // Reads of up to 1 MiB (Netty's default stops at 64 KiB): the one client thread
              // reads, checks and writes every byte, so fewer, larger reads leave it more time.
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new AdaptiveRecvByteBufAllocator(64 << 10, 256 << 10, 1 << 20))
              .handler(new BackupClientInitializer(server, timeouts, security, handler));
      ChannelFuture connected =
          bootstrap.connect(server.host(), server.port()).awaitUninterruptibly();
      if (!connected.isSuccess()) {
        throw connectFailure(server, connected.cause());
      }
      BackupClient client = new BackupClient(server, group, connected.channel(), handler, security);
      try {
        client.handshake();
        if (security.secret() != null) {
          client.authenticate(security.secret());
        }
      } catch (RuntimeException e) {
        connected.channel().close().awaitUninterruptibly();
        throw e;
      }
      return client;
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  private void handshake() {
    CompletableFuture<Message> reply = handler.expect(new Exchange.Handshake(server));
    channel.writeAndFlush(new Message.Hello(Protocol.VERSION));
    await(reply);
  }

  /**
   * Proves the shared secret to the server, and has the server prove it too: the client's nonce
   * goes out, the server's challenge comes back, each side answers with an HMAC of both nonces.
   */
  private void authenticate(SharedSecret secret) {
    AuthToken clientNonce = AuthToken.random();
    CompletableFuture<Message> challenge =
        handler.expect(new Exchange.Authentication(server, Message.AuthChallenge.class));
    channel.writeAndFlush(new Message.AuthRequest(clientNonce));
    AuthToken serverNonce = ((Message.AuthChallenge) await(challenge)).serverNonce();
    CompletableFuture<Message> ok =
        handler.expect(new Exchange.Authentication(server, Message.AuthOk.class));
    channel.writeAndFlush(new Message.AuthResponse(secret.clientProof(serverNonce, clientNonce)));
    AuthToken serverProof = ((Message.AuthOk) await(ok)).proof();
    if (!SharedSecret.matches(secret.serverProof(serverNonce, clientNonce), serverProof)) {
      throw new BackupException(
          BackupFailure.AUTHENTICATION,
          server
              + " accepted this client but could not prove that it holds the same shared secret:"
              + " refused, it may be an impostor");
    }
  }

  Message.ServerInfo info(String database) {
    CompletableFuture<Message> reply = handler.expect(new Exchange.Info(server));
    channel.writeAndFlush(new Message.InfoRequest(database));
    return (Message.ServerInfo) await(reply);
  }

  /**
   * Streams a full backup of {@code database} into the Neo4j data directory {@code dataDirectory}.
   */
  FullBackupReceiver.Summary fullBackup(String database, Path dataDirectory, Progress progress) {
    FullBackupReceiver receiver = new FullBackupReceiver(server, dataDirectory, database, progress);
    CompletableFuture<Message> done = handler.expect(receiver);
    channel.writeAndFlush(new Message.FullBackupRequest(database));
    await(done);
    return receiver.summary();
  }

  /** Appends the transactions after the backup's last one to its logs in {@code logDirectory}. */
  IncrementalReceiver.Summary incrementalBackup(
      String database, Manifest backup, Path logDirectory, Progress progress) {
    IncrementalReceiver receiver =
        new IncrementalReceiver(server, logDirectory, backup.logVersion(), progress);
    CompletableFuture<Message> done = handler.expect(receiver);
    channel.writeAndFlush(
        new Message.IncrementalBackupRequest(
            database,
            backup.storeId(),
            backup.lastAppendIndex(),
            backup.lastTxChecksum(),
            backup.logVersion(),
            backup.logOffset()));
    await(done);
    return receiver.summary();
  }

  private Message await(CompletableFuture<Message> reply) {
    try {
      return reply.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.close();
      throw new BackupException(
          BackupFailure.INTERNAL, "interrupted while talking to " + server, e);
    } catch (ExecutionException e) {
      channel.close();
      if (e.getCause() instanceof BackupException failure) {
        throw failure;
      }
      throw new BackupException(
          BackupFailure.INTERNAL,
          "talking to " + server + " failed: " + e.getCause(),
          e.getCause());
    }
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  static BackupException connectFailure(BackupUri.Member server, Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return new BackupException(
          BackupFailure.CONNECTION,
          "unknown host '" + server.host() + "': no such name in DNS",
          cause);
    }
    if (cause instanceof ConnectException
        && !(cause instanceof io.netty.channel.ConnectTimeoutException)) {
      return new BackupException(
          BackupFailure.CONNECTION,
          "connection to "
              + server
              + " refused: no backup service listens there (is the plugin installed, online_backup_enabled=true,"
              + " and online_backup_server set to this port?)",
          cause);
    }
    if (cause instanceof io.netty.channel.ConnectTimeoutException
        || cause instanceof NoRouteToHostException) {
      return new BackupException(
          BackupFailure.CONNECTION, "cannot reach " + server + ": " + cause.getMessage(), cause);
    }
    return new BackupException(
        BackupFailure.CONNECTION, "cannot connect to " + server + ": " + cause, cause);
  }

  /** How long to wait for a connection, and for the server to send anything once connected. */
  record Timeouts(Duration connect, Duration read) {
    static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  /**
   * Routes what the server sends to the exchange waiting for it. The caller's thread starts
   * exchanges and Netty's thread ends them, so both take this handler's lock: a refusal or a
   * hang-up that comes between two exchanges fails the next one with its reason, whichever thread
   * gets there first.
   */
  static final class ResponseHandler extends SimpleChannelInboundHandler<Message> {
    private final BackupUri.Member server;
    private final ConnectionSecurity security;
    private Exchange current;
    private CompletableFuture<Message> reply;

    /**
     * Why the connection failed while no exchange was waiting (an error frame right after the
     * preamble, say, when the server refuses the connection): the next exchange fails with it.
     */
    private BackupException failedEarly;

    /** The connection has ended: an exchange started now fails at once. */
    private boolean closed;

    ResponseHandler(BackupUri.Member server, ConnectionSecurity security) {
      super(false);
      this.server = server;
      this.security = security;
    }

    synchronized CompletableFuture<Message> expect(Exchange exchange) {
      CompletableFuture<Message> future = new CompletableFuture<>();
      this.current = exchange;
      this.reply = future;
      if (failedEarly != null) {
        future.completeExceptionally(failedEarly);
      } else if (closed) {
        future.completeExceptionally(exchange.connectionClosed());
      }
      return future;
    }

    /** An exchange is waiting for the server. */
    private boolean inProgress() {
      return reply != null && !reply.isDone();
    }

    @Override
    protected synchronized void channelRead0(ChannelHandlerContext ctx, Message message) {
      if (!inProgress()) {
        io.netty.util.ReferenceCountUtil.release(message);
        fail(
            ctx,
            message instanceof Message.Error
                ? Exchange.failureOf(server, message)
                : new BackupException(
                    BackupFailure.PROTOCOL,
                    server + " sent " + message + " when nothing was asked"));
        return;
      }
      try {
        Message result = current.onMessage(message);
        if (result != null) {
          reply.complete(result);
        }
      } catch (BackupException e) {
        fail(ctx, e);
      } catch (RuntimeException e) {
        fail(
            ctx,
            new BackupException(
                BackupFailure.INTERNAL, "handling a reply from " + server + " failed: " + e, e));
      }
    }

    @Override
    public synchronized void channelInactive(ChannelHandlerContext ctx) {
      closed = true;
      if (inProgress()) {
        fail(ctx, whyClosed(ctx));
      }
      ctx.fireChannelInactive();
    }

    /** The failure to report for the exchange in progress when the server closed the connection. */
    private BackupException whyClosed(ChannelHandlerContext ctx) {
      SslHandler tls = ctx.pipeline().get(SslHandler.class);
      if (tls != null && !tls.handshakeFuture().isSuccess()) {
        return new BackupException(
            BackupFailure.AUTHENTICATION,
            server
                + " closed the connection during the TLS handshake (is TLS enabled on its"
                + " backup port, and does it accept this client?)");
      }
      if (current instanceof Exchange.Handshake && tls != null) {
        return new BackupException(
            BackupFailure.AUTHENTICATION,
            server
                + " closed the connection right after the TLS handshake: it may have refused"
                + " this client's certificate (mutual TLS needs -tls-cert and -tls-key signed by"
                + " the server's server.online_backup.tls.client_ca); its log names the reason");
      }
      return current.connectionClosed();
    }

    @Override
    public synchronized void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      BackupException tlsFailure = security.tlsFailure(server, cause);
      if (tlsFailure != null) {
        fail(ctx, tlsFailure);
      } else if (cause instanceof ReadTimeoutException) {
        fail(
            ctx,
            new BackupException(
                BackupFailure.CONNECTION,
                server
                    + " sent nothing for too long (read timeout); the server or the network stalled"));
      } else if (cause instanceof java.io.IOException io) {
        fail(
            ctx,
            inProgress()
                ? current.connectionFailed(server, io)
                : new BackupException(
                    BackupFailure.CONNECTION,
                    "the connection to " + server + " failed: " + io.getMessage(),
                    io));
      } else {
        fail(
            ctx,
            new BackupException(
                BackupFailure.INTERNAL, "talking to " + server + " failed: " + cause, cause));
      }
    }

    /**
     * Fails the exchange in progress, or the next one if none is, with {@code failure} (the first
     * failure wins), and closes the connection.
     */
    private void fail(ChannelHandlerContext ctx, BackupException failure) {
      if (inProgress()) {
        current.abandon();
        reply.completeExceptionally(failure);
      } else if (failedEarly == null) {
        failedEarly = failure;
      }
      ctx.close();
    }
  }
}

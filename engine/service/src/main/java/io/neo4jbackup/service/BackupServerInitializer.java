package io.neo4jbackup.service;

import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.neo4jbackup.protocol.Protocol;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.neo4j.logging.InternalLog;

/**
 * The pipeline of one client connection, in order: the connection count, TLS (on a TLS port), the
 * handshake deadline, the idle timer, the codecs, then the handshake, authentication (where the
 * server has a shared secret) and requests. The handshake and authentication handlers leave the
 * pipeline once done, so a request reaches only the {@link RequestHandler}.
 */
final class BackupServerInitializer extends ChannelInitializer<SocketChannel> {
  /** How the service's connections are set up; read once at start. */
  record Settings(
      ServerSecurity security,
      Duration handshakeTimeout,
      RequestHandler.Limits limits,
      boolean directIo,
      String clusterName) {}

  private final Settings settings;
  private final ConnectionLimit connections;
  private final Databases databases;
  private final Transfers transfers;
  private final InternalLog log;

  BackupServerInitializer(
      Settings settings,
      ConnectionLimit connections,
      Databases databases,
      Transfers transfers,
      InternalLog log) {
    this.settings = settings;
    this.connections = connections;
    this.databases = databases;
    this.transfers = transfers;
    this.log = log;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    ServerSecurity security = settings.security();
    boolean withSecret = security.secret() != null;
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(connections);
    if (security.sslContext() != null) {
      pipeline.addLast(new TlsGate(security.sslContext(), settings.handshakeTimeout().toMillis()));
    }
    pipeline
        .addLast(new HandshakeDeadline(settings.handshakeTimeout().toMillis(), withSecret, log))
        .addLast(
            new IdleStateHandler(
                0, 0, settings.limits().stallTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(new PreambleDecoder(Protocol.MAX_REQUEST_FRAME_LENGTH))
        .addLast(MessageEncoder.INSTANCE)
        .addLast(new HandshakeHandler(settings.limits().maxConnections(), withSecret, log));
    if (withSecret) {
      pipeline.addLast(new AuthenticationHandler(security.secret(), log));
    }
    pipeline.addLast(
        new RequestHandler(
            databases,
            transfers,
            settings.clusterName(),
            settings.limits(),
            settings.directIo(),
            security.mutualTls(),
            log));
  }
}

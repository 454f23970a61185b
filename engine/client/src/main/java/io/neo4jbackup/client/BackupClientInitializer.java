package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a connection to one server, in order: TLS (when asked for), the read timeout, the
 * codecs, and the response handler that hands each exchange its messages.
 */
final class BackupClientInitializer extends ChannelInitializer<SocketChannel> {
  private final BackupUri.Member server;
  private final BackupClient.Timeouts timeouts;
  private final ConnectionSecurity security;
  private final BackupClient.ResponseHandler responses;

  BackupClientInitializer(
      BackupUri.Member server,
      BackupClient.Timeouts timeouts,
      ConnectionSecurity security,
      BackupClient.ResponseHandler responses) {
    this.server = server;
    this.timeouts = timeouts;
    this.security = security;
    this.responses = responses;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    SslHandler tls = security.newSslHandler(channel, server, timeouts.connect().toMillis());
    if (tls != null) {
      channel.pipeline().addLast("tls", tls);
    }
    channel
        .pipeline()
        .addLast(new ReadTimeoutHandler(timeouts.read().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(new PreambleDecoder())
        .addLast(MessageEncoder.INSTANCE)
        .addLast(responses);
  }
}

package io.neo4jbackup.service;

import io.neo4jbackup.protocol.Protocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.event.DatabaseEventContext;
import org.neo4j.graphdb.event.DatabaseEventListenerAdapter;
import org.neo4j.kernel.lifecycle.LifecycleAdapter;
import org.neo4j.logging.InternalLog;

/**
 * The backup service: listens on {@code online_backup_server} while the server runs and stops every
 * transfer of a database before that database shuts down.
 */
final class BackupServer extends LifecycleAdapter {
  private final Config config;
  private final Databases databases;
  private final DatabaseManagementService dbms;
  private final InternalLog log;
  private final DatabaseEventListenerAdapter shutdownListener =
      new DatabaseEventListenerAdapter() {
        @Override
        public void databaseShutdown(DatabaseEventContext event) {
          transfers.abortDatabase(
              event.getDatabaseName(), "database '" + event.getDatabaseName() + "' is stopping");
        }
      };
  private Transfers transfers;
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private Channel serverChannel;

  BackupServer(
      Config config, Databases databases, DatabaseManagementService dbms, InternalLog log) {
    this.config = config;
    this.databases = databases;
    this.dbms = dbms;
    this.log = log;
  }

  @Override
  public void start() {
    if (!config.get(BackupSettings.online_backup_enabled)) {
      log.info("Online backup service is disabled (online_backup_enabled=false)");
      return;
    }
    InetSocketAddress address = listenAddress(config.get(BackupSettings.online_backup_server));
    String clusterName = config.get(BackupSettings.cluster_name);
    Duration stallTimeout = config.get(BackupSettings.online_backup_stall_timeout);
    Duration handshakeTimeout = config.get(BackupSettings.online_backup_handshake_timeout);
    boolean directIo = config.get(BackupSettings.direct_io);
    ServerSecurity security = ServerSecurity.from(config);
    security.checkExposure(address, config.get(BackupSettings.require_authentication), log);
    ConnectionLimit connections =
        new ConnectionLimit(config.get(BackupSettings.online_backup_max_connections), log);
    transfers = new Transfers(config.get(BackupSettings.online_backup_max_concurrent));
    acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("online-backup-accept", true));
    workers = new NioEventLoopGroup(2, new DefaultThreadFactory("online-backup-io", true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 8 << 20))
            .childHandler(
                new BackupServerInitializer(
                    new BackupServerInitializer.Settings(
                        security,
                        handshakeTimeout,
                        new RequestHandler.Limits(
                            stallTimeout,
                            connections.max(),
                            config.get(BackupSettings.max_transfer_time),
                            config.get(BackupSettings.min_transfer_rate)),
                        directIo,
                        clusterName),
                    connections,
                    databases,
                    transfers,
                    log));
    try {
      serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (Exception e) {
      stopEventLoops();
      throw new IllegalStateException(
          "The online backup service could not listen on "
              + address
              + ": "
              + e.getMessage()
              + ". Set online_backup_server to a free address, or online_backup_enabled=false.",
          e);
    }
    dbms.registerDatabaseEventListener(shutdownListener);
    log.info(
        "Online backup service listening on %s (cluster name '%s'); security: %s",
        serverChannel.localAddress(), clusterName, security.describe());
  }

  @Override
  public void stop() {
    if (serverChannel == null) {
      return;
    }
    dbms.unregisterDatabaseEventListener(shutdownListener);
    serverChannel.close().syncUninterruptibly();
    transfers.abortAll("the server is stopping");
    stopEventLoops();
    serverChannel = null;
  }

  private void stopEventLoops() {
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    acceptor.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /**
   * The address to bind: a host without a port takes the default port. Neo4j completes an address
   * without a host ({@code :9999}) with the default's host, loopback; every interface is opened
   * only by naming it ({@code 0.0.0.0:9999}).
   */
  static InetSocketAddress listenAddress(SocketAddress setting) {
    int port = setting.getPort() < 0 ? Protocol.DEFAULT_PORT : setting.getPort();
    String host = setting.getHostname();
    return host == null || host.isEmpty()
        ? new InetSocketAddress(port)
        : new InetSocketAddress(host, port);
  }
}

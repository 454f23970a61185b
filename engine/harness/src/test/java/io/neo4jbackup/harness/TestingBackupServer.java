package io.neo4jbackup.harness;

import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.neo4jbackup.protocol.StoreIdentity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * A fake backup server that speaks the protocol but misbehaves on purpose: it answers the handshake
 * and info like a real one, then plays a script in reply to a full backup request (or, posing as a
 * member of a cluster, to any backup request).
 */
final class TestingBackupServer implements AutoCloseable {
  static final StoreIdentity STORE = new StoreIdentity(1, 2, "record", "aligned", 1, 1);

  /** What the server does once a full backup is asked for. */
  @FunctionalInterface
  interface Script {
    void play(ChannelHandlerContext ctx);
  }

  /** What a fake member does once a backup is asked for, given the request. */
  @FunctionalInterface
  interface RequestScript {
    void play(ChannelHandlerContext ctx, Message request);
  }

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel channel;

  private TestingBackupServer(
      int helloVersion, Function<String, Message.ServerInfo> info, RequestScript script) {
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.SO_LINGER, 0)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new PreambleDecoder())
                        .addLast(MessageEncoder.INSTANCE)
                        .addLast(
                            new SimpleChannelInboundHandler<Message>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, Message message) {
                                if (message instanceof Message.Hello) {
                                  ctx.writeAndFlush(new Message.Hello(helloVersion));
                                } else if (message instanceof Message.InfoRequest request) {
                                  ctx.writeAndFlush(info.apply(request.database()));
                                } else {
                                  script.play(ctx, message);
                                }
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  static TestingBackupServer playing(Script script) {
    return new TestingBackupServer(1, TestingBackupServer::info, fullBackupsOnly(script));
  }

  static TestingBackupServer speakingVersion(int version) {
    return new TestingBackupServer(version, TestingBackupServer::info, (ctx, request) -> {});
  }

  /**
   * A fake member of cluster {@code cluster} that serves {@code store} up to transaction {@code
   * lastTxId}, and plays {@code script} in reply to any backup request.
   */
  static TestingBackupServer member(
      StoreIdentity store, String cluster, long lastTxId, RequestScript script) {
    return new TestingBackupServer(
        1, database -> new Message.ServerInfo(store, database, cluster, lastTxId, "fake"), script);
  }

  private static Message.ServerInfo info(String database) {
    return new Message.ServerInfo(STORE, database, "harness", 10, "fake");
  }

  private static RequestScript fullBackupsOnly(Script script) {
    return (ctx, request) -> {
      if (request instanceof Message.FullBackupRequest) {
        script.play(ctx);
      }
    };
  }

  /** {@code 127.0.0.1:<port>}, as a member of an {@code ha://} URI. */
  String address() {
    return "127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
  }

  String uri() {
    return "single://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}

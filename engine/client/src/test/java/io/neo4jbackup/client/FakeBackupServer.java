package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A backup server played by a test: it speaks the protocol's framing on loopback and answers each
 * message a client sends with {@code answer}.
 */
final class FakeBackupServer implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel channel;

  private FakeBackupServer(BiConsumer<ChannelHandlerContext, Message> answer) {
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new PreambleDecoder())
                        .addLast(MessageEncoder.INSTANCE)
                        .addLast(
                            new SimpleChannelInboundHandler<Message>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, Message message) {
                                answer.accept(ctx, message);
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  static FakeBackupServer start(BiConsumer<ChannelHandlerContext, Message> answer) {
    return new FakeBackupServer(answer);
  }

  /** Where clients reach it. */
  BackupUri.Member member() {
    return new BackupUri.Member(
        "127.0.0.1",
        BackupUri.HostKind.IPV4,
        ((InetSocketAddress) channel.localAddress()).getPort());
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}

package io.neo4jbackup.service;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * First in the pipeline of a TLS port: a client that starts with a TLS record gets the TLS handler
 * in this one's place; a client that starts in plain text is marked {@link #PLAIN_TEXT}, so that it
 * is told after the preamble, in words it can read, that this port needs TLS.
 */
final class TlsGate extends ByteToMessageDecoder {
  /** Set on a connection that began in plain text on a TLS port. */
  static final AttributeKey<Boolean> PLAIN_TEXT = AttributeKey.valueOf("online-backup-plain-text");

  /** A TLS record header: content type, version, length. */
  private static final int RECORD_HEADER = 5;

  private final SslContext sslContext;
  private final long handshakeMillis;

  TlsGate(SslContext sslContext, long handshakeMillis) {
    this.sslContext = sslContext;
    this.handshakeMillis = handshakeMillis;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < RECORD_HEADER) {
      return;
    }
    if (SslHandler.isEncrypted(in)) {
      SslHandler tls = sslContext.newHandler(ctx.alloc());
      tls.setHandshakeTimeoutMillis(handshakeMillis);
      ctx.pipeline().replace(this, "tls", tls);
    } else {
      ctx.channel().attr(PLAIN_TEXT).set(true);
      ctx.pipeline().remove(this);
    }
  }
}

package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the 20-byte preamble (magic, version, reserved) and hands the rest of the stream to a
 * {@link FrameDecoder}. Input that does not start with the magic becomes one {@link
 * Message.Malformed} naming what arrived instead, and everything after it is dropped.
 */
public final class PreambleDecoder extends ByteToMessageDecoder {
  private final int maxFrameLength;
  private boolean failed;

  /** For a client: frames up to {@link Protocol#MAX_FRAME_LENGTH} follow the preamble. */
  public PreambleDecoder() {
    this(Protocol.MAX_FRAME_LENGTH);
  }

  /** Frames up to {@code maxFrameLength} follow the preamble; a server takes only small ones. */
  public PreambleDecoder(int maxFrameLength) {
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 4) {
      return;
    }
    if (in.getInt(in.readerIndex()) != Protocol.MAGIC) {
      failed = true;
      out.add(
          new Message.Malformed(
              "the peer does not speak the backup protocol: it sent " + describe(in)));
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < Protocol.PREAMBLE_LENGTH) {
      return;
    }
    in.skipBytes(4);
    out.add(new Message.Hello(in.readUnsignedShort()));
    in.skipBytes(Protocol.PREAMBLE_LENGTH - 6);
    ctx.pipeline().replace(this, "frames", new FrameDecoder(maxFrameLength));
  }

  /**
   * The first bytes, as text when they are printable (an HTTP or Bolt reply), else as hex; a TLS
   * record is named as such.
   */
  static String describe(ByteBuf in) {
    if (in.readableBytes() >= 3
        && in.getUnsignedByte(in.readerIndex()) == 0x16
        && in.getUnsignedByte(in.readerIndex() + 1) == 0x03) {
      return "a TLS handshake ("
          + hex(in)
          + "), but TLS is not enabled on this side of the connection";
    }
    return text(in);
  }

  private static String text(ByteBuf in) {
    int length = Math.min(in.readableBytes(), 16);
    byte[] bytes = new byte[length];
    in.getBytes(in.readerIndex(), bytes);
    boolean printable = true;
    for (byte b : bytes) {
      printable &= (b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n';
    }
    if (printable) {
      return "\""
          + new String(bytes, StandardCharsets.US_ASCII).replaceAll("[\r\n]+", " ").trim()
          + "\"";
    }
    return hex(in);
  }

  private static String hex(ByteBuf in) {
    int length = Math.min(in.readableBytes(), 16);
    StringBuilder hex = new StringBuilder("0x");
    for (int i = 0; i < length; i++) {
      hex.append(String.format("%02x", in.getUnsignedByte(in.readerIndex() + i)));
    }
    return hex.toString();
  }
}

package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;

/**
 * Turns length-prefixed frames into {@link Message}s.
 *
 * <pre>
 * +----------------+--------+---------------------------+
 * | length: uint32 | type:8 | payload: length - 1 bytes |
 * +----------------+--------+---------------------------+
 * </pre>
 *
 * A frame longer than its maximum ({@link Protocol#MAX_FRAME_LENGTH} by default), of an unknown
 * type, or whose payload does not parse becomes one {@link Message.Malformed}; the decoder then
 * drops all further input, since a stream that lost its framing cannot be trusted again. A frame
 * too long is refused as soon as its length arrives, before any of it is buffered.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
  private final int maxFrameLength;
  private boolean failed;

  public FrameDecoder() {
    this(Protocol.MAX_FRAME_LENGTH);
  }

  /** A decoder that accepts frames whose length field is at most {@code maxFrameLength}. */
  public FrameDecoder(int maxFrameLength) {
    // Netty's limit counts the length field too.
    super(maxFrameLength + 4, 0, 4, 0, 4, true);
    this.maxFrameLength = maxFrameLength;
    // Frames span many reads; composing the reads instead of merging them saves copying every byte.
    setCumulator(COMPOSITE_CUMULATOR);
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    try {
      ByteBuf frame = (ByteBuf) super.decode(ctx, in);
      if (frame == null) {
        return null;
      }
      try {
        return decodeFrame(frame);
      } finally {
        frame.release();
      }
    } catch (TooLongFrameException e) {
      return fail(in, "frame longer than the maximum of " + maxFrameLength + " bytes");
    } catch (ProtocolException e) {
      return fail(in, e.getMessage());
    } catch (IndexOutOfBoundsException e) {
      return fail(in, "frame shorter than its content needs");
    }
  }

  private Message.Malformed fail(ByteBuf in, String reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new Message.Malformed(reason);
  }

  private static Message decodeFrame(ByteBuf frame) {
    if (!frame.isReadable()) {
      throw new ProtocolException("empty frame");
    }
    int type = frame.readUnsignedByte();
    Message message =
        switch (type) {
          case Protocol.INFO_REQUEST -> new Message.InfoRequest(readString(frame));
          case Protocol.FULL_BACKUP_REQUEST -> new Message.FullBackupRequest(readString(frame));
          case Protocol.INCREMENTAL_BACKUP_REQUEST ->
              new Message.IncrementalBackupRequest(
                  readString(frame),
                  readStoreId(frame),
                  frame.readLong(),
                  frame.readInt(),
                  frame.readLong(),
                  frame.readLong());
          case Protocol.INCREMENTAL_BEGIN ->
              new Message.IncrementalBegin(
                  readStoreId(frame), readString(frame), frame.readLong(), frame.readLong());
          case Protocol.LOG_APPEND_BEGIN ->
              new Message.LogAppendBegin(frame.readLong(), frame.readLong());
          case Protocol.AUTH_REQUEST -> new Message.AuthRequest(readToken(frame));
          case Protocol.AUTH_CHALLENGE -> new Message.AuthChallenge(readToken(frame));
          case Protocol.AUTH_RESPONSE -> new Message.AuthResponse(readToken(frame));
          case Protocol.AUTH_OK -> new Message.AuthOk(readToken(frame));
          case Protocol.SERVER_INFO ->
              new Message.ServerInfo(
                  readStoreId(frame),
                  readString(frame),
                  readString(frame),
                  frame.readLong(),
                  readString(frame));
          case Protocol.BACKUP_BEGIN ->
              new Message.BackupBegin(
                  readStoreId(frame),
                  readString(frame),
                  readString(frame),
                  frame.readLong(),
                  frame.readLong());
          case Protocol.FILE_BEGIN ->
              new Message.FileBegin(FileKind.of(frame.readUnsignedByte()), readString(frame));
          case Protocol.FILE_CHUNK -> {
            int crc = frame.readInt();
            yield new Message.FileChunk(crc, frame.readRetainedSlice(frame.readableBytes()));
          }
          case Protocol.FILE_END -> new Message.FileEnd(frame.readLong());
          case Protocol.BACKUP_END ->
              new Message.BackupEnd(frame.readLong(), frame.readInt(), frame.readLong());
          case Protocol.ERROR ->
              new Message.Error(ErrorCode.of(frame.readUnsignedShort()), readString(frame));
          default -> throw new ProtocolException(String.format("unknown frame type 0x%02x", type));
        };
    if (frame.isReadable()) {
      if (message instanceof Message.FileChunk chunk) {
        chunk.release();
      }
      throw new ProtocolException(
          String.format(
              "frame type 0x%02x has %d unexpected trailing bytes", type, frame.readableBytes()));
    }
    return message;
  }

  private static StoreIdentity readStoreId(ByteBuf frame) {
    return new StoreIdentity(
        frame.readLong(),
        frame.readLong(),
        readString(frame),
        readString(frame),
        frame.readUnsignedByte(),
        frame.readUnsignedByte());
  }

  private static AuthToken readToken(ByteBuf frame) {
    byte[] bytes = new byte[Protocol.AUTH_TOKEN_LENGTH];
    frame.readBytes(bytes);
    return new AuthToken(bytes);
  }

  private static String readString(ByteBuf frame) {
    int length = frame.readUnsignedShort();
    if (length > Protocol.MAX_STRING_BYTES) {
      throw new ProtocolException(
          "string of " + length + " bytes exceeds " + Protocol.MAX_STRING_BYTES);
    }
    if (length > frame.readableBytes()) {
      throw new ProtocolException("string of " + length + " bytes runs past the end of its frame");
    }
    return frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
  }
}

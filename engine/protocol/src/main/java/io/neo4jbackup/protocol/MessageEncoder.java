package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link Message}s as frames (see {@link FrameDecoder}); {@link Message.Hello} as the bare
 * preamble. A chunk's data goes out as its own buffer behind a small header, never copied.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Message> {
  public static final MessageEncoder INSTANCE = new MessageEncoder();

  private MessageEncoder() {}

  @Override
  protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
    if (message instanceof Message.Hello hello) {
      out.add(
          ctx.alloc()
              .buffer(Protocol.PREAMBLE_LENGTH)
              .writeInt(Protocol.MAGIC)
              .writeShort(hello.version())
              .writeZero(Protocol.PREAMBLE_LENGTH - 6));
      return;
    }
    if (message instanceof Message.FileChunk chunk) {
      ByteBuf data = chunk.content();
      if (data.readableBytes() > Protocol.MAX_CHUNK_LENGTH) {
        throw new ProtocolException(
            "chunk of " + data.readableBytes() + " bytes exceeds " + Protocol.MAX_CHUNK_LENGTH);
      }
      ByteBuf header = ctx.alloc().buffer(9);
      header
          .writeInt(1 + 4 + data.readableBytes())
          .writeByte(Protocol.FILE_CHUNK)
          .writeInt(chunk.crc32c());
      out.add(header);
      out.add(data.retain());
      return;
    }
    ByteBuf frame = ctx.alloc().buffer();
    try {
      frame.writeInt(0);
      writeBody(message, frame);
      frame.setInt(0, frame.readableBytes() - 4);
      out.add(frame.retain());
    } finally {
      frame.release();
    }
  }

  private static void writeBody(Message message, ByteBuf out) {
    if (message instanceof Message.InfoRequest m) {
      writeString(out.writeByte(Protocol.INFO_REQUEST), m.database());
    } else if (message instanceof Message.FullBackupRequest m) {
      writeString(out.writeByte(Protocol.FULL_BACKUP_REQUEST), m.database());
    } else if (message instanceof Message.IncrementalBackupRequest m) {
      writeString(out.writeByte(Protocol.INCREMENTAL_BACKUP_REQUEST), m.database());
      writeStoreId(out, m.storeId());
      out.writeLong(m.lastAppendIndex()).writeInt(m.lastChecksum());
      out.writeLong(m.logVersion()).writeLong(m.logOffset());
    } else if (message instanceof Message.IncrementalBegin m) {
      writeStoreId(out.writeByte(Protocol.INCREMENTAL_BEGIN), m.storeId());
      writeString(out, m.clusterName());
      out.writeLong(m.fromAppendIndex()).writeLong(m.toAppendIndex());
    } else if (message instanceof Message.LogAppendBegin m) {
      out.writeByte(Protocol.LOG_APPEND_BEGIN).writeLong(m.version()).writeLong(m.offset());
    } else if (message instanceof Message.AuthRequest m) {
      out.writeByte(Protocol.AUTH_REQUEST).writeBytes(m.clientNonce().bytes());
    } else if (message instanceof Message.AuthChallenge m) {
      out.writeByte(Protocol.AUTH_CHALLENGE).writeBytes(m.serverNonce().bytes());
    } else if (message instanceof Message.AuthResponse m) {
      out.writeByte(Protocol.AUTH_RESPONSE).writeBytes(m.proof().bytes());
    } else if (message instanceof Message.AuthOk m) {
      out.writeByte(Protocol.AUTH_OK).writeBytes(m.proof().bytes());
    } else if (message instanceof Message.ServerInfo m) {
      writeStoreId(out.writeByte(Protocol.SERVER_INFO), m.storeId());
      writeString(out, m.database());
      writeString(out, m.clusterName());
      out.writeLong(m.lastCommittedTxId());
      writeString(out, m.serverVersion());
    } else if (message instanceof Message.BackupBegin m) {
      writeStoreId(out.writeByte(Protocol.BACKUP_BEGIN), m.storeId());
      writeString(out, m.database());
      writeString(out, m.clusterName());
      out.writeLong(m.snapshotTxId()).writeLong(m.checkpointAppendIndex());
    } else if (message instanceof Message.FileBegin m) {
      writeString(out.writeByte(Protocol.FILE_BEGIN).writeByte(m.kind().code()), m.path());
    } else if (message instanceof Message.FileEnd m) {
      out.writeByte(Protocol.FILE_END).writeLong(m.length());
    } else if (message instanceof Message.BackupEnd m) {
      out.writeByte(Protocol.BACKUP_END)
          .writeLong(m.lastAppendIndex())
          .writeInt(m.files())
          .writeLong(m.bytes());
    } else if (message instanceof Message.Error m) {
      writeString(out.writeByte(Protocol.ERROR).writeShort(m.code().code()), m.message());
    } else {
      throw new IllegalArgumentException("not a frame that can be sent: " + message);
    }
  }

  private static void writeStoreId(ByteBuf out, StoreIdentity id) {
    out.writeLong(id.creationTime()).writeLong(id.random());
    writeString(out, id.storageEngine());
    writeString(out, id.formatName());
    out.writeByte(id.majorVersion()).writeByte(id.minorVersion());
  }

  private static void writeString(ByteBuf out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > Protocol.MAX_STRING_BYTES) {
      throw new ProtocolException(
          "string of " + bytes.length + " bytes exceeds " + Protocol.MAX_STRING_BYTES);
    }
    out.writeShort(bytes.length).writeBytes(bytes);
  }
}

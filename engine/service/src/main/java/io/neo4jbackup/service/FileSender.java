package io.neo4jbackup.service;

import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Sends messages and file contents to one client: each file as a begin frame, checksummed chunks
 * read into off-heap buffers, and an end frame with its length. Counts files and bytes.
 */
final class FileSender {
  private final ChannelSink sink;
  private final ByteBufAllocator allocator;
  private int files;
  private long bytes;

  FileSender(ChannelSink sink, ByteBufAllocator allocator) {
    this.sink = sink;
    this.allocator = allocator;
  }

  void send(Message message) {
    sink.send(message);
  }

  /**
   * Sends bytes {@code from} up to {@code limit} of {@code channel} (or to its end, for {@code
   * Long.MAX_VALUE}), after {@code begin}.
   */
  void sendFile(Message begin, FileChannel channel, long from, long limit) throws IOException {
    sink.send(begin);
    long position = from;
    while (position < limit) {
      sink.checkNotAborted();
      int want = (int) Math.min(Protocol.MAX_CHUNK_LENGTH, limit - position);
      ByteBuf data = allocator.directBuffer(want);
      int read;
      try {
        read = data.writeBytes(channel, position, want);
      } catch (IOException | RuntimeException e) {
        data.release();
        throw e;
      }
      if (read <= 0) {
        data.release();
        break;
      }
      position += read;
      sink.send(new Message.FileChunk(Checksums.crc32c(data), data));
    }
    if (limit != Long.MAX_VALUE && position < limit) {
      throw new IOException("file ends at " + position + ", before its committed end " + limit);
    }
    sink.send(new Message.FileEnd(position - from));
    files++;
    bytes += position - from;
  }

  int files() {
    return files;
  }

  long bytes() {
    return bytes;
  }
}

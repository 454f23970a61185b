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
 * read into off-heap buffers (with direct I/O where the caller opened the file for it), and an end
 * frame with its length. Counts files and bytes.
 */
final class FileSender implements AutoCloseable {
  private final ChannelSink sink;
  private final ByteBufAllocator allocator;
  private final DirectReads directReads = new DirectReads();
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
    stream(
        begin,
        from,
        limit,
        Protocol.MAX_CHUNK_LENGTH,
        (position, want) -> read(channel, position, want),
        false);
  }

  /** Sends {@code file}, read with direct I/O, up to {@code limit} as above. */
  void sendFile(Message begin, DirectReads.Direct file, long limit) throws IOException {
    stream(
        begin,
        0,
        limit,
        DirectReads.READ_BYTES,
        (position, want) -> directReads.read(file, position, want),
        true);
  }

  /** Reads up to {@code want} bytes at {@code position}; none at the end of the file. */
  private interface Reader {
    ByteBuf read(long position, int want) throws IOException;
  }

  /** Reads {@code readBytes} at a time and sends what it read in chunks. */
  private void stream(
      Message begin, long from, long limit, int readBytes, Reader reader, boolean shortReadEndsFile)
      throws IOException {
    sink.send(begin);
    long position = from;
    boolean ended = false;
    while (!ended && position < limit) {
      sink.checkNotAborted();
      int want = (int) Math.min(readBytes, limit - position);
      ByteBuf data = reader.read(position, want);
      try {
        int read = data.readableBytes();
        if (read == 0) {
          break;
        }
        ended = shortReadEndsFile && read < want;
        position += read;
        while (data.isReadable()) {
          ByteBuf chunk =
              data.readRetainedSlice(Math.min(Protocol.MAX_CHUNK_LENGTH, data.readableBytes()));
          sink.send(new Message.FileChunk(Checksums.crc32c(chunk), chunk));
        }
      } finally {
        data.release();
      }
    }
    if (limit != Long.MAX_VALUE && position < limit) {
      throw new IOException("file ends at " + position + ", before its committed end " + limit);
    }
    sink.send(new Message.FileEnd(position - from));
    files++;
    bytes += position - from;
  }

  private ByteBuf read(FileChannel channel, long position, int want) throws IOException {
    ByteBuf data = allocator.directBuffer(want);
    try {
      data.writeBytes(channel, position, want);
      return data;
    } catch (IOException | RuntimeException e) {
      data.release();
      throw e;
    }
  }

  /** Frees the memory of direct reads (what is still being sent, once it has been). */
  @Override
  public void close() {
    directReads.close();
  }

  int files() {
    return files;
  }

  long bytes() {
    return bytes;
  }
}

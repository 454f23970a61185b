package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C of a chunk's readable bytes, computed in place (direct buffers are not copied). */
public final class Checksums {
  private Checksums() {}

  public static int crc32c(ByteBuf data) {
    CRC32C crc = new CRC32C();
    for (ByteBuffer buffer : data.nioBuffers(data.readerIndex(), data.readableBytes())) {
      crc.update(buffer);
    }
    return (int) crc.getValue();
  }
}

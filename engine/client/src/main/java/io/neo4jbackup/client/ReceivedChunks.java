package io.neo4jbackup.client;

import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.Message;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes a received chunk into its file, after checking its CRC32C, straight from the network
 * buffers.
 */
final class ReceivedChunks {
  private ReceivedChunks() {}

  /**
   * Writes {@code chunk} at {@code position} of {@code file} ({@code what}, under {@code where});
   * returns the number of bytes written.
   */
  static int write(
      Message.FileChunk chunk,
      FileChannel file,
      long position,
      String what,
      Path where,
      BackupUri.Member server) {
    ByteBuf data = chunk.content();
    if (Checksums.crc32c(data) != chunk.crc32c()) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          String.format(
              "checksum mismatch in %s at offset %d: the data from %s was corrupted in transit",
              what, position, server));
    }
    try {
      long at = position;
      for (ByteBuffer buffer : data.nioBuffers()) {
        while (buffer.hasRemaining()) {
          at += file.write(buffer, at);
        }
      }
    } catch (IOException e) {
      throw TargetFailures.writing(where, e);
    }
    return data.readableBytes();
  }
}

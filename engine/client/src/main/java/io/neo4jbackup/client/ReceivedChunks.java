package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.Message;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Checks a received chunk's CRC32C, and writes it into its file straight from the network buffers.
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
    check(chunk, position, what, server);
    ByteBuf data = chunk.content();
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

  /**
   * Fails unless {@code chunk}, for {@code position} of {@code what}, holds what its CRC32C says.
   */
  static void check(Message.FileChunk chunk, long position, String what, BackupUri.Member server) {
    if (Checksums.crc32c(chunk.content()) != chunk.crc32c()) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          String.format(
              "checksum mismatch in %s at offset %d: the data from %s was corrupted in transit",
              what, position, server));
    }
  }
}

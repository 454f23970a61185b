package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Off-heap memory whose start is aligned, as direct I/O needs, and which is freed when closed
 * rather than whenever the garbage collector gets to it: a server that runs many backups, where
 * explicit collections may be disabled, does not wait on the collector for its memory.
 */
public final class AlignedMemory implements AutoCloseable {
  private final ByteBuf owner;
  private final ByteBuffer buffer;

  private AlignedMemory(ByteBuf owner, ByteBuffer buffer) {
    this.owner = owner;
    this.buffer = buffer;
  }

  /** {@code bytes} of memory starting at a multiple of {@code alignment}, a power of two. */
  public static AlignedMemory allocate(int bytes, int alignment) {
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
    }
    // alignedSlice moves the start up and the end down to the alignment: room for both.
    int capacity = (bytes + alignment - 1) / alignment * alignment + alignment;
    ByteBuf owner = UnpooledByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
    try {
      ByteBuffer aligned = owner.nioBuffer(0, capacity).alignedSlice(alignment);
      return new AlignedMemory(owner, aligned.limit(bytes).slice());
    } catch (RuntimeException e) {
      owner.release();
      throw e;
    }
  }

  /**
   * The block size that direct I/O on {@code path}'s file system aligns to, or 0 where it is not a
   * power of two of at most {@code max} bytes (direct I/O is then not used there).
   */
  public static int directIoBlockSize(Path path, int max) throws IOException {
    long block = Files.getFileStore(path).getBlockSize();
    return block > 0 && block <= max && Long.bitCount(block) == 1 ? (int) block : 0;
  }

  /** The aligned memory, {@code bytes} long; its position and limit are the caller's to move. */
  public ByteBuffer buffer() {
    return buffer;
  }

  /** Frees the memory; the buffer must not be used afterwards. */
  @Override
  public void close() {
    if (owner.refCnt() > 0) {
      owner.release();
    }
  }
}

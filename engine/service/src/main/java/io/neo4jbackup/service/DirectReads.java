package io.neo4jbackup.service;

import com.sun.nio.file.ExtendedOpenOption;
import io.neo4jbackup.protocol.AlignedMemory;
import io.neo4jbackup.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads files with direct I/O, past the operating system's page cache, for one transfer. A backup
 * reads each store file once: through the page cache it would evict the database's working set and,
 * on some machines, cost more CPU than the rest of the transfer (see {@code BENCHMARKS.md}).
 *
 * <p>Direct I/O reads whole blocks into block-aligned memory. The buffers here are aligned off-heap
 * memory that comes back for the next read once the network has sent it, so a transfer holds only
 * as many as are in flight. Linux writes a range's dirty cached pages to disk before it reads the
 * range directly, so a direct read sees every write that finished before it began.
 */
final class DirectReads implements AutoCloseable {
  /** The largest block size served; a multiple of every smaller power of two. */
  private static final int MAX_ALIGNMENT = 64 * 1024;

  /** How much one read asks of the disk: a few chunks, as large reads are what disks do best. */
  static final int READ_BYTES = 4 * Protocol.MAX_CHUNK_LENGTH;

  private final Queue<AlignedMemory> free = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  /**
   * Opens {@code file} for direct reads, or returns empty where its file system does not take them
   * (the caller then reads it as usual).
   */
  static Optional<Direct> open(Path file) throws IOException {
    int block;
    try {
      block = AlignedMemory.directIoBlockSize(file, MAX_ALIGNMENT);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    if (block == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Direct(
              FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT), block));
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.exists(file)) {
        return Optional.empty(); // file system refuses O_DIRECT (EINVAL)
      }
      throw e;
    }
  }

  /** A file opened for direct reads, with the block size its reads must be aligned to. */
  record Direct(FileChannel channel, int blockSize) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Reads up to {@code want} bytes at {@code position}, which must be aligned to the file's block
   * size, into a buffer of its own. A buffer with fewer bytes than wanted means the file ended.
   */
  ByteBuf read(Direct file, long position, int want) throws IOException {
    if (position % file.blockSize() != 0) {
      throw new IOException("direct read at " + position + " is not block-aligned");
    }
    AlignedMemory memory = take();
    int length = (want + file.blockSize() - 1) / file.blockSize() * file.blockSize();
    ByteBuffer target = memory.buffer().clear().limit(length);
    ByteBuf data = new Recycled(memory);
    try {
      int read = Math.max(0, file.channel().read(target, position));
      data.setIndex(0, Math.min(read, want));
      return data;
    } catch (IOException | RuntimeException e) {
      data.release();
      throw e;
    }
  }

  /** How many buffers wait for a read; each one that was read into returns when released. */
  int idleBuffers() {
    return free.size();
  }

  /**
   * Frees the memory that waits for a read now, and the memory still being sent once it has been:
   * called when the transfer ends.
   */
  @Override
  public void close() {
    closed = true;
    freeIdle();
  }

  private AlignedMemory take() {
    AlignedMemory memory = free.poll();
    return memory != null ? memory : AlignedMemory.allocate(READ_BYTES, MAX_ALIGNMENT);
  }

  private void freeIdle() {
    for (AlignedMemory memory = free.poll(); memory != null; memory = free.poll()) {
      memory.close();
    }
  }

  /** A buffer over pooled memory that returns it when released (after it was sent). */
  private final class Recycled extends UnpooledDirectByteBuf {
    private final AlignedMemory memory;

    Recycled(AlignedMemory memory) {
      super(
          UnpooledByteBufAllocator.DEFAULT,
          memory.buffer().duplicate().clear(),
          memory.buffer().capacity());
      this.memory = memory;
    }

    @Override
    protected void deallocate() {
      super.deallocate();
      free.offer(memory);
      if (closed) {
        freeIdle();
      }
    }
  }
}

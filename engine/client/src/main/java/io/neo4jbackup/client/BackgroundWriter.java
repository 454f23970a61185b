package io.neo4jbackup.client;

import com.sun.nio.file.ExtendedOpenOption;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.protocol.AlignedMemory;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a backup's files on a thread of its own, so that the network is read while the disk
 * writes; a file written with a copy (the chain's base) has the copy written on a second thread
 * from the same buffers. Received bytes are gathered into block-aligned buffers of {@link
 * #BUFFER_BYTES}; where the target's file system allows it they are written with direct I/O, past
 * the operating system's page cache. A backup is not read again soon, and on some machines copying
 * it through that cache costs more CPU than the transfer itself (see {@code BENCHMARKS.md}). Each
 * file is forced to disk when it ends.
 *
 * <p>A buffer that holds only zeros is not written: it is left as a hole that reads back as zeros
 * and takes no disk space. Neo4j grows store files ahead of use with zeros, which on the server are
 * unwritten extents, read without touching the disk. Written out as zeros in the backup, they would
 * cost writing now, and reading back from disk when recovery later fills them.
 *
 * <p>Used from one thread. A write that fails is reported by the next call, naming the target.
 */
final class BackgroundWriter implements AutoCloseable {
  static final int BUFFER_BYTES = 4 << 20;
  private static final int BUFFERS = 6;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

  private final Path target;
  private final int alignment;

  /** The thread that writes files, and the one that writes their copies. */
  private final List<ExecutorService> threads =
      List.of(writerThread("neo4j-backup-writer"), writerThread("neo4j-backup-copy-writer"));

  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
  private final List<AlignedMemory> memory = new ArrayList<>();
  private final Set<OpenFile> open = ConcurrentHashMap.newKeySet();
  private volatile IOException failure;

  /**
   * A writer for files under {@code target} (whose messages name it), with direct I/O if the file
   * system of {@code directory}, which must exist, supports it.
   */
  BackgroundWriter(Path target, Path directory) {
    this(target, DirectIo.alignment(directory));
  }

  /** A writer that aligns direct writes to {@code alignment} bytes, or writes cached for 0. */
  BackgroundWriter(Path target, int alignment) {
    this.target = target;
    this.alignment = alignment;
  }

  private static ExecutorService writerThread(String name) {
    return Executors.newSingleThreadExecutor(new DefaultThreadFactory(name, true));
  }

  /** Whether files are written with direct I/O. */
  boolean direct() {
    return alignment > 0;
  }

  /** Creates {@code file}, which must not exist yet. */
  OpenFile create(Path file) throws FileAlreadyExistsException {
    return create(file, null);
  }

  /**
   * Creates {@code file} and, unless null, {@code copy}, neither of which may exist yet: every byte
   * appended is written to both, at the same offsets, and both are forced when the file ends.
   */
  OpenFile create(Path file, Path copy) throws FileAlreadyExistsException {
    List<FileChannel> channels = new ArrayList<>(2);
    try {
      channels.add(FileChannel.open(file, options()));
      if (copy != null) {
        channels.add(FileChannel.open(copy, options()));
      }
      OpenFile created =
          new OpenFile(copy == null ? List.of(file) : List.of(file, copy), List.copyOf(channels));
      open.add(created);
      return created;
    } catch (FileAlreadyExistsException e) {
      closeQuietly(channels);
      throw e;
    } catch (IOException e) {
      closeQuietly(channels);
      throw TargetFailures.writing(target, e);
    }
  }

  private static void closeQuietly(List<FileChannel> channels) {
    for (FileChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the file is abandoned with the staging area
      }
    }
  }

  private OpenOption[] options() {
    return direct()
        ? new OpenOption[] {
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT
        }
        : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
  }

  /** Waits until every file handed over so far is written and forced. */
  void awaitWritten() {
    try {
      for (ExecutorService thread : threads) {
        thread.submit(() -> null).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(
          BackupFailure.INTERNAL, "interrupted while writing the backup to disk", e);
    } catch (ExecutionException e) {
      throw new BackupException(BackupFailure.INTERNAL, "writing the backup failed", e.getCause());
    }
    checkNotFailed();
  }

  /**
   * Stops writing, closes every file still open and frees the buffers; files not yet written to the
   * end are left as they are (the staging area goes anyway).
   */
  @Override
  public void close() {
    threads.forEach(ExecutorService::shutdownNow);
    try {
      for (ExecutorService thread : threads) {
        if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
          return; // a write hangs in the kernel: its buffer must stay valid, so nothing is freed
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    open.forEach(OpenFile::abandon);
    memory.forEach(AlignedMemory::close);
    memory.clear();
  }

  private void checkNotFailed() {
    IOException e = failure;
    if (e != null) {
      throw TargetFailures.writing(target, e);
    }
  }

  /**
   * A buffer to fill: a free one, a new one while fewer than the limit exist, or the next freed.
   */
  private ByteBuffer buffer() {
    ByteBuffer buffer = free.poll();
    if (buffer == null && memory.size() < BUFFERS) {
      AlignedMemory more = AlignedMemory.allocate(BUFFER_BYTES, Math.max(alignment, 1));
      memory.add(more);
      buffer = more.buffer();
    }
    while (buffer == null) {
      checkNotFailed();
      if (threads.get(0).isShutdown()) {
        throw new BackupException(BackupFailure.INTERNAL, "the backup's writer has stopped");
      }
      try {
        buffer = free.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupException(
            BackupFailure.INTERNAL, "interrupted while waiting for the disk", e);
      }
    }
    return buffer.clear().limit(BUFFER_BYTES);
  }

  /**
   * One file being written, with its copy if it has one: bytes are appended, then the file is
   * finished.
   */
  final class OpenFile {
    private final List<Path> paths;
    private final List<FileChannel> channels;
    private ByteBuffer buffer;
    private long handedOver;

    private OpenFile(List<Path> paths, List<FileChannel> channels) {
      this.paths = paths;
      this.channels = channels;
    }

    /** Appends the readable bytes of {@code data}, leaving it unchanged. */
    void append(ByteBuf data) {
      int index = data.readerIndex();
      int end = data.writerIndex();
      while (index < end) {
        if (buffer == null) {
          buffer = buffer();
        }
        int length = Math.min(end - index, buffer.remaining());
        data.getBytes(index, buffer.slice(buffer.position(), length));
        buffer.position(buffer.position() + length);
        index += length;
        if (!buffer.hasRemaining()) {
          handOver();
        }
      }
    }

    /** Writes what remains, sets the file's length, forces it to disk and closes it. */
    void finish() {
      long length = handedOver + (buffer == null ? 0 : buffer.position());
      if (buffer != null) {
        handOver();
      }
      AtomicInteger pending = new AtomicInteger(channels.size());
      for (int i = 0; i < channels.size(); i++) {
        Path path = paths.get(i);
        FileChannel channel = channels.get(i);
        threads
            .get(i)
            .execute(
                () -> {
                  try (channel) {
                    if (failure == null) {
                      setLength(path, channel, length);
                      channel.force(true);
                    }
                  } catch (IOException e) {
                    fail(e);
                  } finally {
                    if (pending.decrementAndGet() == 0) {
                      open.remove(this);
                    }
                  }
                });
      }
    }

    /**
     * Cuts off the padding of the last block or, where trailing zeros were left as holes, extends
     * the file to its length (which {@link FileChannel#truncate} does not do).
     */
    private void setLength(Path path, FileChannel channel, long length) throws IOException {
      if (channel.size() >= length) {
        channel.truncate(length);
        return;
      }
      try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
        file.setLength(length);
      }
    }

    /** Closes the file at once, for a backup that is abandoned. */
    void abandon() {
      open.remove(this);
      closeQuietly(channels);
    }

    private void handOver() {
      checkNotFailed();
      ByteBuffer full = buffer;
      buffer = null;
      long position = handedOver;
      handedOver += full.position();
      full.flip();
      if (direct()) {
        padToBlock(full);
      }
      // Each channel is written on its own thread, from its own view of the buffer, which is
      // freed when the last of them is done with it.
      AtomicInteger pending = new AtomicInteger(channels.size());
      for (int i = 0; i < channels.size(); i++) {
        FileChannel channel = channels.get(i);
        ByteBuffer view = full.duplicate();
        threads
            .get(i)
            .execute(
                () -> {
                  try {
                    long at = position;
                    if (!onlyZeros(view)) {
                      while (failure == null && view.hasRemaining()) {
                        at += channel.write(view, at);
                      }
                    }
                  } catch (IOException e) {
                    fail(e);
                  } finally {
                    if (pending.decrementAndGet() == 0) {
                      free.offer(full);
                    }
                  }
                });
      }
    }

    /** Direct I/O writes whole blocks: the last one is padded, and cut off again by truncate. */
    private void padToBlock(ByteBuffer full) {
      int end = full.limit();
      int padded = (end + alignment - 1) / alignment * alignment;
      full.limit(padded);
      for (int i = end; i < padded; i++) {
        full.put(i, (byte) 0);
      }
    }
  }

  /** Whether {@code buffer}'s remaining bytes are all zeros; leaves it unchanged. */
  static boolean onlyZeros(ByteBuffer buffer) {
    for (int at = buffer.position(); at < buffer.limit(); at += ZEROS.capacity()) {
      int length = Math.min(ZEROS.capacity(), buffer.limit() - at);
      if (buffer.slice(at, length).mismatch(ZEROS.slice(0, length)) != -1) {
        return false;
      }
    }
    return true;
  }

  private synchronized void fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
  }

  /** Whether a file system takes direct I/O, and the alignment it then needs. */
  static final class DirectIo {
    private DirectIo() {}

    /** The block size direct I/O needs in {@code directory}, or 0 where it is not available. */
    static int alignment(Path directory) {
      Path probe = directory.resolve(".direct-io-probe");
      try {
        int block = AlignedMemory.directIoBlockSize(directory, BUFFER_BYTES);
        if (block == 0) {
          return 0;
        }
        try (FileChannel channel =
            FileChannel.open(
                probe,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
          return block;
        }
      } catch (IOException | UnsupportedOperationException e) {
        return 0;
      } finally {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException ignored) {
          // an unwritable directory fails the backup's first write, with its reason
        }
      }
    }
  }
}

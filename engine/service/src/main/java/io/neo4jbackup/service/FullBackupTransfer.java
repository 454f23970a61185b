package io.neo4jbackup.service;

import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import org.neo4j.storageengine.api.StoreResource;
import org.neo4j.storageengine.api.StoreSnapshot;

/**
 * Streams one full backup: pins the store with a checkpoint, sends the files that recovery cannot
 * rebuild, then the record stores as they are on disk, the checkpoint files and every transaction
 * log from the checkpoint to the last committed batch. The client replays those logs, so the copy
 * needs no lock and the database keeps taking writes.
 *
 * <p>Runs on its own thread from start to end: the checkpoint pin is a read lock that must be
 * released by the thread that took it.
 */
final class FullBackupTransfer {
  static final int CHUNK_SIZE = 256 * 1024;

  private final SourceDatabase source;
  private final String clusterName;
  private final ChannelSink sink;
  private final ByteBufAllocator allocator;
  private int files;
  private long bytes;

  FullBackupTransfer(
      SourceDatabase source, String clusterName, ChannelSink sink, ByteBufAllocator allocator) {
    this.source = source;
    this.clusterName = clusterName;
    this.sink = sink;
    this.allocator = allocator;
  }

  /** Streams the backup; returns a one-line summary for the log. */
  String run() throws IOException {
    try (StoreSnapshot snapshot =
        source
            .snapshot()
            .orElseThrow(
                () ->
                    new RequestFailure(
                        io.neo4jbackup.protocol.ErrorCode.DATABASE_UNAVAILABLE,
                        "database '" + source.name() + "' became unavailable"))) {
      sink.send(
          new Message.BackupBegin(
              source.storeId(),
              source.name(),
              clusterName,
              snapshot.lastAppliedTransactionId().id(),
              snapshot.checkpointAppendIndex()));
      Path storeDirectory = source.storeDirectory();
      for (Iterator<StoreResource> it = snapshot.unrecoverableFiles().iterator(); it.hasNext(); ) {
        StoreResource resource = it.next();
        sendFile(FileKind.STORE, resource.relativePath(), resource.path(), Long.MAX_VALUE);
      }
      for (Path file : snapshot.recoverableFiles()) {
        sendFile(FileKind.STORE, relative(storeDirectory, file), file, Long.MAX_VALUE);
      }
      Path logDirectory = source.transactionLogDirectory();
      for (Path checkpointFile : source.checkpointFiles()) {
        sendFile(
            FileKind.TRANSACTION_LOG,
            relative(logDirectory, checkpointFile),
            checkpointFile,
            Long.MAX_VALUE);
      }
      long firstVersion = source.firstLogVersionForRecovery();
      SourceDatabase.CommittedEnd end = source.committedEnd();
      for (long version = firstVersion; version <= end.version(); version++) {
        Path logFile = source.logFile(version);
        long limit = version < end.version() ? Long.MAX_VALUE : end.offset();
        sendFile(FileKind.TRANSACTION_LOG, relative(logDirectory, logFile), logFile, limit);
      }
      sink.send(new Message.BackupEnd(end.appendIndex(), files, bytes));
      return String.format(
          "%d files, %d bytes, transactions %d to append index %d",
          files, bytes, snapshot.lastAppliedTransactionId().id(), end.appendIndex());
    }
  }

  private void sendFile(FileKind kind, String relativePath, Path file, long limit)
      throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return; // listed, then removed (an index dropped meanwhile): recovery rebuilds it
    }
    try (channel) {
      sink.send(new Message.FileBegin(kind, relativePath));
      long position = 0;
      while (position < limit) {
        sink.checkNotAborted();
        int want = (int) Math.min(CHUNK_SIZE, limit - position);
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
        throw new IOException(
            file + " ends at " + position + ", before its committed end " + limit);
      }
      sink.send(new Message.FileEnd(position));
      files++;
      bytes += position;
    }
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString();
  }
}

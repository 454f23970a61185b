package io.neo4jbackup.service;

import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Optional;
import org.neo4j.storageengine.api.StoreResource;
import org.neo4j.storageengine.api.StoreSnapshot;

/**
 * Streams one full backup: pins the store at a checkpoint (a new one only for an authenticated
 * client), sends the files that recovery cannot rebuild, then the record stores as they are on
 * disk, the checkpoint files and every transaction log from the checkpoint to the last committed
 * batch. The client replays those logs, so the copy needs no lock and the database keeps taking
 * writes.
 *
 * <p>Runs on its own thread from start to end: the checkpoint pin is a read lock that must be
 * released by the thread that took it.
 */
final class FullBackupTransfer {
  private final SourceDatabase source;
  private final String clusterName;
  private final FileSender sender;
  private final boolean directIo;
  private final boolean checkpoint;
  private int readDirect;

  /**
   * A transfer that reads files with direct I/O where their file system allows it, if asked, and
   * makes the database checkpoint first only when {@code checkpoint} (an authenticated client).
   */
  FullBackupTransfer(
      SourceDatabase source,
      String clusterName,
      FileSender sender,
      boolean directIo,
      boolean checkpoint) {
    this.source = source;
    this.clusterName = clusterName;
    this.sender = sender;
    this.directIo = directIo;
    this.checkpoint = checkpoint;
  }

  /** Streams the backup; returns a one-line summary for the log. */
  String run() throws IOException {
    try (StoreSnapshot snapshot =
        source
            .snapshot(checkpoint)
            .orElseThrow(
                () ->
                    new RequestFailure(
                        io.neo4jbackup.protocol.ErrorCode.DATABASE_UNAVAILABLE,
                        "database '" + source.name() + "' became unavailable"))) {
      sender.send(
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
      sender.send(new Message.BackupEnd(end.appendIndex(), sender.files(), sender.bytes()));
      return String.format(
          "%s, %d files (%d read with direct I/O), %d bytes, transactions %d to append index %d",
          checkpoint ? "from a new checkpoint" : "from the latest checkpoint (not forced)",
          sender.files(),
          readDirect,
          sender.bytes(),
          snapshot.lastAppliedTransactionId().id(),
          end.appendIndex());
    }
  }

  private void sendFile(FileKind kind, String relativePath, Path file, long limit)
      throws IOException {
    Message.FileBegin begin = new Message.FileBegin(kind, relativePath);
    try {
      Optional<DirectReads.Direct> direct = directIo ? DirectReads.open(file) : Optional.empty();
      if (direct.isPresent()) {
        try (DirectReads.Direct reads = direct.get()) {
          sender.sendFile(begin, reads, limit);
        }
        readDirect++;
        return;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        sender.sendFile(begin, channel, 0, limit);
      }
    } catch (NoSuchFileException e) {
      // listed, then removed (an index dropped meanwhile): recovery rebuilds it
    }
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString();
  }
}

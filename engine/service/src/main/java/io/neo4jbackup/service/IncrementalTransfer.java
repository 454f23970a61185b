package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.neo4j.graphdb.Resource;

/**
 * Streams one incremental backup: the raw transaction log bytes after the backup's last batch, from
 * where the backup's log ends to the last committed batch. No store file is sent. Checkpoints are
 * pinned (not taken) meanwhile, so no log is pruned mid-stream.
 *
 * <p>Refuses a backup of another store, one this database is behind, and one whose last batch
 * differs from this database's (diverged history). Runs on its own thread, like {@link
 * FullBackupTransfer}.
 */
final class IncrementalTransfer {
  private final SourceDatabase source;
  private final String clusterName;
  private final Message.IncrementalBackupRequest request;
  private final FileSender sender;

  IncrementalTransfer(
      SourceDatabase source,
      String clusterName,
      Message.IncrementalBackupRequest request,
      FileSender sender) {
    this.source = source;
    this.clusterName = clusterName;
    this.request = request;
    this.sender = sender;
  }

  String run() throws IOException {
    if (!source.storeId().sameStoreAs(request.storeId())) {
      throw new RequestFailure(
          ErrorCode.OTHER_STORE,
          "the backup is of store "
              + request.storeId()
              + " but database '"
              + source.name()
              + "' is store "
              + source.storeId());
    }
    try (Resource pin = source.pinCheckpoints()) {
      long last = request.lastAppendIndex();
      SourceDatabase.CommittedEnd end = source.committedEnd();
      if (end.appendIndex() < last) {
        throw new RequestFailure(
            ErrorCode.BEHIND,
            String.format(
                "database '%s' is behind the backup: its last committed batch has append index %d,"
                    + " the backup's %d (a member that has not caught up yet, or a database"
                    + " restored to an earlier state)",
                source.name(), end.appendIndex(), last));
      }
      SourceDatabase.Batch batch = source.batchAt(last);
      if (batch.checksum() != request.lastChecksum()) {
        throw new RequestFailure(
            ErrorCode.DIVERGED,
            String.format(
                "the history of database '%s' diverged from the backup's: its batch at append index %d has checksum %08x,"
                    + " the backup's %08x (was the database restored or recreated?); a full backup is needed",
                source.name(), last, batch.checksum(), request.lastChecksum()));
      }
      if (batch.endVersion() != request.logVersion() || batch.endOffset() != request.logOffset()) {
        // Same history, other log files (for example a member restored by another tool): the
        // bytes after the backup's end would not continue its log. Refused before any is sent;
        // the history did not diverge, so it is not DIVERGED.
        throw new RequestFailure(
            ErrorCode.LOGS_PRUNED,
            String.format(
                "database '%s' holds the backup's last batch (append index %d) but not the log files the backup"
                    + " continues: its transaction log lays the batch out differently, ending at log %d offset %d"
                    + " here and at log %d offset %d in the backup; another member, or a full backup, is needed",
                source.name(),
                last,
                batch.endVersion(),
                batch.endOffset(),
                request.logVersion(),
                request.logOffset()));
      }
      sender.send(
          new Message.IncrementalBegin(source.storeId(), clusterName, last + 1, end.appendIndex()));
      for (long version = request.logVersion(); version <= end.version(); version++) {
        long from = version == request.logVersion() ? request.logOffset() : 0;
        sendLog(version, from, version < end.version() ? Long.MAX_VALUE : end.offset());
      }
      sender.send(new Message.BackupEnd(end.appendIndex(), sender.files(), sender.bytes()));
      return String.format(
          "%d log segments, %d bytes, append indexes %d to %d",
          sender.files(), sender.bytes(), last + 1, end.appendIndex());
    }
  }

  private void sendLog(long version, long from, long limit) throws IOException {
    Path file = source.logFile(version);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new RequestFailure(
          ErrorCode.LOGS_PRUNED,
          "transaction log "
              + version
              + " of database '"
              + source.name()
              + "' is gone (pruned): a full backup is needed");
    }
    try (channel) {
      long to = Math.min(limit, channel.size());
      if (from >= to && version == request.logVersion()) {
        return;
      }
      sender.sendFile(new Message.LogAppendBegin(version, from), channel, from, to);
    }
  }
}

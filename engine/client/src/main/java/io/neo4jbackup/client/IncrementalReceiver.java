package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Message;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends an incremental backup stream to a backup's transaction logs: each segment continues a log
 * file exactly where the backup's copy of it ends, or starts a new one. Checks each chunk's CRC32C
 * and each segment's length; forces every file it wrote, and the directory when it created files,
 * before it reports success.
 */
final class IncrementalReceiver implements Exchange {
  private final BackupUri.Member server;
  private final Path logDirectory;
  private final long firstVersion;
  private final Progress progress;
  private final List<Path> written = new ArrayList<>();
  private boolean createdFiles;
  private Message.IncrementalBegin begin;
  private FileChannel current;
  private long currentVersion;
  private long lastVersion = -1;
  private long position;
  private long segmentLength;
  private int segments;
  private long bytes;
  private Summary summary;

  /**
   * Appends to the logs in {@code logDirectory}, whose last file is version {@code firstVersion}:
   * the stream may continue that file or start newer ones, never touch an older one.
   */
  IncrementalReceiver(
      BackupUri.Member server, Path logDirectory, long firstVersion, Progress progress) {
    this.server = server;
    this.logDirectory = logDirectory;
    this.firstVersion = firstVersion;
    this.progress = progress;
  }

  /** What the server said at the start and the end of the stream. */
  record Summary(Message.IncrementalBegin begin, Message.BackupEnd end, int segments, long bytes) {}

  Summary summary() {
    return summary;
  }

  @Override
  public Message onMessage(Message message) {
    if (message instanceof Message.FileChunk chunk) {
      try {
        write(chunk);
      } finally {
        ReferenceCountUtil.release(chunk);
      }
      return null;
    }
    if (message instanceof Message.IncrementalBegin incrementalBegin && begin == null) {
      begin = incrementalBegin;
      return null;
    }
    if (begin == null) {
      throw Exchange.failureOf(server, message);
    }
    if (message instanceof Message.LogAppendBegin append && current == null) {
      open(append);
      return null;
    }
    if (message instanceof Message.FileEnd end && current != null) {
      finish(end);
      return null;
    }
    if (message instanceof Message.BackupEnd end && current == null) {
      if (end.files() != segments || end.bytes() != bytes) {
        throw new BackupException(
            BackupFailure.PROTOCOL,
            String.format(
                "%s says it sent %d log segments and %d bytes, but %d and %d arrived",
                server, end.files(), end.bytes(), segments, bytes));
      }
      try {
        for (Path file : written) {
          Durability.force(file);
        }
        if (createdFiles) {
          Durability.force(logDirectory); // the new files' names, before a manifest names them
        }
      } catch (IOException e) {
        throw TargetFailures.writing(logDirectory, e);
      }
      summary = new Summary(begin, end, segments, bytes);
      return end;
    }
    throw Exchange.failureOf(server, message);
  }

  private void open(Message.LogAppendBegin append) {
    Path file = TransactionLogs.file(logDirectory, append.version());
    if (append.version() < firstVersion || append.version() <= lastVersion) {
      // Only the backup's last log may grow, and newer ones start: a failed run is rolled back
      // by cutting that one log and deleting newer ones, so an older one must never change.
      throw new BackupException(
          BackupFailure.PROTOCOL,
          String.format(
              "%s sent log data for transaction log %d, but the backup's logs end in log %d%s;"
                  + " refused",
              server,
              append.version(),
              firstVersion,
              lastVersion < 0 ? "" : " and log " + lastVersion + " was sent already"));
    }
    if (Files.isSymbolicLink(file)) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          server
              + " sent log data for transaction log "
              + append.version()
              + ", whose file in the backup is a symbolic link"
              + "; refused");
    }
    try {
      boolean exists = Files.exists(file);
      long size = exists ? Files.size(file) : 0;
      if (size != append.offset()) {
        throw new BackupException(
            BackupFailure.PROTOCOL,
            String.format(
                "%s continues transaction log %d at byte %d, but the backup's copy of it has %d bytes",
                server, append.version(), append.offset(), size));
      }
      current =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
      written.add(file);
      createdFiles |= !exists;
    } catch (IOException e) {
      throw TargetFailures.writing(file, e);
    }
    currentVersion = append.version();
    lastVersion = append.version();
    position = append.offset();
    segmentLength = 0;
  }

  private void write(Message.FileChunk chunk) {
    if (current == null) {
      throw new BackupException(
          BackupFailure.PROTOCOL, server + " sent log data outside a log segment");
    }
    int written =
        ReceivedChunks.write(
            chunk, current, position, "transaction log " + currentVersion, logDirectory, server);
    position += written;
    segmentLength += written;
    bytes += written;
    progress.update(segments, bytes, TransactionLogs.PREFIX + currentVersion);
  }

  private void finish(Message.FileEnd end) {
    if (end.length() != segmentLength) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          String.format(
              "transaction log %d from %s should have grown by %d bytes but %d arrived",
              currentVersion, server, end.length(), segmentLength));
    }
    try {
      current.close();
    } catch (IOException e) {
      throw TargetFailures.writing(logDirectory, e);
    }
    current = null;
    segments++;
  }

  @Override
  public BackupException connectionClosed() {
    return new BackupException(
        BackupFailure.CONNECTION,
        String.format(
            "%s closed the connection in the middle of the incremental backup, after %d bytes",
            server, bytes));
  }

  @Override
  public BackupException connectionFailed(BackupUri.Member server, IOException cause) {
    return new BackupException(
        BackupFailure.CONNECTION,
        connectionClosed().getMessage() + " (" + cause.getMessage() + ")",
        cause);
  }

  @Override
  public void abandon() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // the journal rolls the logs back
      }
      current = null;
    }
  }
}

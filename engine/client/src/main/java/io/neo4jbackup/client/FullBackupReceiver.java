package io.neo4jbackup.client;

import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a full backup stream into a Neo4j data directory as it arrives: store files under {@code
 * databases/<db>/}, logs under {@code transactions/<db>/}. Checks each chunk's CRC32C and each
 * file's length; data is written from the network buffers without copying them. Each finished file
 * is forced to disk in the background while later files still arrive (flush-behind), and the end of
 * the stream waits until all are.
 */
final class FullBackupReceiver implements Exchange {
  private final BackupUri.Member server;
  private final Path storeRoot;
  private final Path logRoot;
  private final Progress progress;
  private Message.BackupBegin begin;
  private final List<Flush> flushes = new ArrayList<>();
  private final ExecutorService flusher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "neo4j-backup-flush");
            thread.setDaemon(true);
            return thread;
          });
  private String currentName;
  private Path currentPath;
  private FileChannel current;
  private long currentLength;
  private int files;
  private long bytes;
  private Summary summary;

  FullBackupReceiver(
      BackupUri.Member server, Path dataDirectory, String database, Progress progress) {
    this.server = server;
    this.storeRoot = dataDirectory.resolve("databases").resolve(database);
    this.logRoot = TransactionLogs.directory(dataDirectory, database);
    this.progress = progress;
  }

  /** A finished file and the background force that puts it on disk. */
  private record Flush(Path file, Future<?> forced) {}

  /** What the server said at the start and the end of the stream. */
  record Summary(Message.BackupBegin begin, Message.BackupEnd end, int files, long bytes) {}

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
    if (message instanceof Message.BackupBegin backupBegin && begin == null) {
      begin = backupBegin;
      return null;
    }
    if (begin == null) {
      throw Exchange.failureOf(server, message);
    }
    if (message instanceof Message.FileBegin fileBegin && current == null) {
      open(fileBegin);
      return null;
    }
    if (message instanceof Message.FileEnd fileEnd && current != null) {
      finish(fileEnd);
      return null;
    }
    if (message instanceof Message.BackupEnd end && current == null) {
      if (end.files() != files || end.bytes() != bytes) {
        throw new BackupException(
            BackupFailure.PROTOCOL,
            String.format(
                "%s says it sent %d files and %d bytes, but %d files and %d bytes arrived",
                server, end.files(), end.bytes(), files, bytes));
      }
      forceWritten();
      summary = new Summary(begin, end, files, bytes);
      return end;
    }
    throw Exchange.failureOf(server, message);
  }

  private void open(Message.FileBegin fileBegin) {
    Path root = fileBegin.kind() == FileKind.STORE ? storeRoot : logRoot;
    Path file = StagingPaths.resolve(root, fileBegin.path(), server);
    currentName = fileBegin.path();
    currentLength = 0;
    try {
      Files.createDirectories(file.getParent());
      current = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      currentPath = file;
    } catch (FileAlreadyExistsException e) {
      throw new BackupException(
          BackupFailure.PROTOCOL, server + " sent the file '" + currentName + "' twice");
    } catch (IOException e) {
      throw TargetFailures.writing(file, e);
    }
    progress.update(files, bytes, currentName);
  }

  private void write(Message.FileChunk chunk) {
    if (current == null) {
      throw new BackupException(BackupFailure.PROTOCOL, server + " sent file data outside a file");
    }
    int written =
        ReceivedChunks.write(
            chunk,
            current,
            currentLength,
            "'" + currentName + "'",
            storeRoot.getParent().getParent(),
            server);
    currentLength += written;
    bytes += written;
    progress.update(files, bytes, currentName);
  }

  private void finish(Message.FileEnd fileEnd) {
    if (fileEnd.length() != currentLength) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          String.format(
              "'%s' from %s should hold %d bytes but %d arrived",
              currentName, server, fileEnd.length(), currentLength));
    }
    try (FileChannel file = current) {
      current = null;
    } catch (IOException e) {
      throw TargetFailures.writing(storeRoot.getParent().getParent(), e);
    }
    Path finished = currentPath;
    flushes.add(
        new Flush(
            finished,
            flusher.submit(
                () -> {
                  Durability.force(finished);
                  return null;
                })));
    files++;
    progress.update(files, bytes, null);
  }

  /** Waits until every received file is on disk (forced as it finished, in the background). */
  private void forceWritten() {
    try {
      for (Flush flush : flushes) {
        try {
          flush.forced().get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io
              ? TargetFailures.writing(flush.file(), io)
              : new BackupException(
                  BackupFailure.INTERNAL, "forcing " + flush.file() + " failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BackupException(
              BackupFailure.INTERNAL, "interrupted while forcing the backup to disk", e);
        }
      }
    } finally {
      flusher.shutdown();
    }
  }

  @Override
  public BackupException connectionFailed(BackupUri.Member server, java.io.IOException cause) {
    return new BackupException(
        BackupFailure.CONNECTION,
        connectionClosed().getMessage() + " (" + cause.getMessage() + ")",
        cause);
  }

  @Override
  public BackupException connectionClosed() {
    String where = currentName == null ? "" : " while sending '" + currentName + "'";
    return new BackupException(
        BackupFailure.CONNECTION,
        String.format(
            "%s closed the connection in the middle of the backup%s, after %d bytes",
            server, where, bytes));
  }

  @Override
  public void abandon() {
    flusher.shutdownNow();
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // the staging directory is deleted anyway
      }
      current = null;
    }
  }
}

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a full backup stream into a Neo4j data directory as it arrives: store files under {@code
 * databases/<db>/}, logs under {@code transactions/<db>/}; and each store file a second time, with
 * the same bytes, under the chain's base ({@link ChainBase}), which keeps the store as it was
 * copied while recovery moves the first on. Checks each chunk's CRC32C and each file's length. The
 * disk writes on a thread of its own while later data arrives ({@link BackgroundWriter}), and the
 * end of the stream waits until every file is on disk.
 */
final class FullBackupReceiver implements Exchange {
  private final BackupUri.Member server;
  private final Path storeRoot;
  private final Path logRoot;
  private final Path baseRoot;
  private final Progress progress;
  private Message.BackupBegin begin;
  private BackgroundWriter writer;
  private String currentName;
  private BackgroundWriter.OpenFile current;
  private long currentLength;
  private int files;
  private long bytes;
  private Summary summary;

  FullBackupReceiver(
      BackupUri.Member server, Path dataDirectory, String database, Progress progress) {
    this.server = server;
    this.storeRoot = dataDirectory.resolve("databases").resolve(database);
    this.logRoot = TransactionLogs.directory(dataDirectory, database);
    this.baseRoot = ChainBase.storeDirectory(dataDirectory, database);
    this.progress = progress;
  }

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
    boolean store = fileBegin.kind() == FileKind.STORE;
    Path file = StagingPaths.resolve(store ? storeRoot : logRoot, fileBegin.path(), server);
    Path baseCopy = store ? StagingPaths.resolve(baseRoot, fileBegin.path(), server) : null;
    currentName = fileBegin.path();
    currentLength = 0;
    try {
      Files.createDirectories(file.getParent());
      if (baseCopy != null) {
        Files.createDirectories(baseCopy.getParent());
      }
      if (writer == null) {
        writer = new BackgroundWriter(stagingRoot(), file.getParent());
      }
      current = writer.create(file, baseCopy);
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
    ReceivedChunks.check(chunk, currentLength, "'" + currentName + "'", server);
    current.append(chunk.content());
    int written = chunk.content().readableBytes();
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
    current.finish();
    current = null;
    files++;
    progress.update(files, bytes, null);
  }

  /** Waits until every received file is written and on disk. */
  private void forceWritten() {
    if (writer != null) {
      try {
        writer.awaitWritten();
      } finally {
        writer.close();
      }
    }
  }

  private Path stagingRoot() {
    return storeRoot.getParent().getParent();
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
    if (current != null) {
      current.abandon();
      current = null;
    }
    if (writer != null) {
      writer.close();
    }
  }
}

package io.neo4jbackup.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * The messages of backup protocol version 1. Each record is one frame; {@code engine/PROTOCOL.md}
 * gives their byte layout.
 */
public sealed interface Message {

  /** The preamble both sides send first: the protocol magic and the version the sender speaks. */
  record Hello(int version) implements Message {}

  /** Client: describe database {@code database} (store id, last transaction, cluster name). */
  record InfoRequest(String database) implements Message {}

  /** Client: stream a full backup of database {@code database}. */
  record FullBackupRequest(String database) implements Message {}

  /**
   * Client: stream the transactions after {@code lastAppendIndex} of the backup of store {@code
   * storeId}, whose batch at that index has checksum {@code lastChecksum} and whose transaction log
   * ends at {@code logOffset} of log file {@code logVersion}.
   */
  record IncrementalBackupRequest(
      String database,
      StoreIdentity storeId,
      long lastAppendIndex,
      int lastChecksum,
      long logVersion,
      long logOffset)
      implements Message {}

  /**
   * Client: starts shared-secret authentication with a fresh random {@code clientNonce}; answered
   * by {@link AuthChallenge}.
   */
  record AuthRequest(AuthToken clientNonce) implements Message {}

  /** Server: a fresh random {@code serverNonce} the client must prove the shared secret over. */
  record AuthChallenge(AuthToken serverNonce) implements Message {}

  /** Client: {@code proof} is HMAC-SHA256 of both nonces under the shared secret. */
  record AuthResponse(AuthToken proof) implements Message {}

  /**
   * Server: the client's proof is right; {@code proof} is the server's own HMAC of both nonces, so
   * the client knows the server holds the secret too.
   */
  record AuthOk(AuthToken proof) implements Message {}

  /** Server: the answer to {@link InfoRequest}. */
  record ServerInfo(
      StoreIdentity storeId,
      String database,
      String clusterName,
      long lastCommittedTxId,
      String serverVersion)
      implements Message {}

  /**
   * Server: a full backup starts. {@code snapshotTxId} is the last transaction applied to the store
   * files when they were pinned; {@code checkpointAppendIndex} the append index of the checkpoint
   * that recovery starts from.
   */
  record BackupBegin(
      StoreIdentity storeId,
      String database,
      String clusterName,
      long snapshotTxId,
      long checkpointAppendIndex)
      implements Message {}

  /**
   * Server: an incremental backup starts; it carries the batches {@code fromAppendIndex} to {@code
   * toAppendIndex} (none when the first is greater).
   */
  record IncrementalBegin(
      StoreIdentity storeId, String clusterName, long fromAppendIndex, long toAppendIndex)
      implements Message {}

  /**
   * Server: the following chunks are bytes of transaction log file {@code version}, starting at
   * byte {@code offset} of it.
   */
  record LogAppendBegin(long version, long offset) implements Message {}

  /** Server: the following chunks belong to file {@code path}, relative to {@code kind}'s root. */
  record FileBegin(FileKind kind, String path) implements Message {}

  /**
   * Server: a piece of the current file with its CRC32C. Reference counted: whoever receives it
   * releases it.
   */
  final class FileChunk extends DefaultByteBufHolder implements Message {
    private final int crc32c;

    public FileChunk(int crc32c, ByteBuf data) {
      super(data);
      this.crc32c = crc32c;
    }

    public int crc32c() {
      return crc32c;
    }

    @Override
    public FileChunk replace(ByteBuf content) {
      return new FileChunk(crc32c, content);
    }

    @Override
    public String toString() {
      return "FileChunk[crc32c="
          + Integer.toHexString(crc32c)
          + ", bytes="
          + content().readableBytes()
          + "]";
    }
  }

  /** Server: the current file is complete and holds {@code length} bytes. */
  record FileEnd(long length) implements Message {}

  /**
   * Server: every file was sent. The transaction logs end with the batch whose append index is
   * {@code lastAppendIndex}.
   */
  record BackupEnd(long lastAppendIndex, int files, long bytes) implements Message {}

  /** Either side: the request failed or the peer broke the protocol; the connection closes. */
  record Error(ErrorCode code, String message) implements Message {}

  /** Not sent: what a decoder emits once, instead of exceptions, when the input is malformed. */
  record Malformed(String reason) implements Message {}
}

package io.neo4jbackup.protocol;

/** The reasons an {@link Message.Error} frame can carry. Codes are part of the protocol. */
public enum ErrorCode {
  /** The peer broke the protocol: bad preamble, malformed or unexpected frame. */
  PROTOCOL_VIOLATION(1),
  /** The peer speaks a protocol version this side does not. */
  UNSUPPORTED_VERSION(2),
  /** No database of that name on the server. */
  DATABASE_NOT_FOUND(3),
  /** The database exists but is not available (stopped, starting, failed). */
  DATABASE_UNAVAILABLE(4),
  /** The server has as many backups running as it allows. */
  SERVER_BUSY(5),
  /** The server failed while serving the request; the message says why. */
  SERVER_FAILURE(6),
  /** The backup is of another store than the server's database. */
  OTHER_STORE(7),
  /** The server's history differs from the backup's at the backup's last transaction. */
  DIVERGED(8),
  /** The server no longer has the transaction logs an incremental backup needs. */
  LOGS_PRUNED(9),
  /** The client's proof of the shared secret is wrong, or the server has no shared secret. */
  AUTHENTICATION_FAILED(10),
  /** The server requires the client to prove the shared secret before any request. */
  AUTHENTICATION_REQUIRED(11),
  /** The server's backup port speaks TLS only and the client connected in plain text. */
  TLS_REQUIRED(12),
  /**
   * The server's database has not reached the backup's last transaction yet (a member that is
   * behind); another member, or a later attempt, may serve.
   */
  BEHIND(13),
  /** A code this side does not know, sent by a newer peer. */
  UNKNOWN(0);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static ErrorCode of(int code) {
    for (ErrorCode errorCode : values()) {
      if (errorCode.code == code) {
        return errorCode;
      }
    }
    return UNKNOWN;
  }
}

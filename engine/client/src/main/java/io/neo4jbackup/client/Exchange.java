package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;

/** One request and the replies it expects, as seen by the client. */
interface Exchange {
  /**
   * Takes one message from the server; returns the final reply once the exchange is complete, null
   * while more is expected. Throws {@link BackupException} when the server's answer is a failure.
   */
  Message onMessage(Message message);

  /** The failure to report when the server closes the connection before the exchange ends. */
  BackupException connectionClosed();

  /**
   * The failure to report when the connection breaks (reset, I/O error) before the exchange ends.
   */
  default BackupException connectionFailed(BackupUri.Member server, java.io.IOException cause) {
    return new BackupException(
        BackupFailure.CONNECTION,
        "the connection to " + server + " failed: " + cause.getMessage(),
        cause);
  }

  /** The exchange failed: release what it holds. */
  default void abandon() {}

  /** The failure an error frame or malformed input from {@code server} stands for. */
  static BackupException failureOf(BackupUri.Member server, Message message) {
    if (message instanceof Message.Error error) {
      BackupFailure kind =
          switch (error.code()) {
            case DATABASE_NOT_FOUND -> BackupFailure.USAGE;
            case OTHER_STORE -> BackupFailure.OTHER_STORE;
            case DIVERGED -> BackupFailure.DIVERGED;
            case LOGS_PRUNED -> BackupFailure.LOGS_PRUNED;
            case SERVER_BUSY -> BackupFailure.SERVER_BUSY;
            case DATABASE_UNAVAILABLE -> BackupFailure.DATABASE_UNAVAILABLE;
            case BEHIND -> BackupFailure.BEHIND;
            case AUTHENTICATION_FAILED, AUTHENTICATION_REQUIRED, TLS_REQUIRED ->
                BackupFailure.AUTHENTICATION;
            default -> BackupFailure.PROTOCOL;
          };
      String hint =
          switch (error.code()) {
            case AUTHENTICATION_REQUIRED -> "; give the shared secret with -secret-file";
            case TLS_REQUIRED -> "; connect with -tls and the CA that signed its certificate";
            default -> "";
          };
      return new BackupException(
          kind, server + " refused: " + error.message() + " (" + error.code() + ")" + hint);
    }
    if (message instanceof Message.Malformed malformed) {
      return new BackupException(
          BackupFailure.PROTOCOL, server + " sent malformed data: " + malformed.reason());
    }
    return new BackupException(
        BackupFailure.PROTOCOL,
        server + " sent an unexpected " + message.getClass().getSimpleName());
  }

  /** Waits for the server's preamble. */
  record Handshake(BackupUri.Member server) implements Exchange {
    @Override
    public Message onMessage(Message message) {
      if (message instanceof Message.Malformed malformed) {
        throw new BackupException(
            BackupFailure.PROTOCOL,
            server
                + " is not a backup service: "
                + malformed.reason()
                + " (is it Neo4j's Bolt or HTTP port? The backup service listens on "
                + Protocol.DEFAULT_PORT
                + " unless online_backup_server says otherwise)");
      }
      if (message instanceof Message.Hello hello) {
        if (hello.version() != Protocol.VERSION) {
          throw new BackupException(
              BackupFailure.PROTOCOL,
              server
                  + " speaks backup protocol version "
                  + hello.version()
                  + "; this client speaks version "
                  + Protocol.VERSION);
        }
        return hello;
      }
      throw failureOf(server, message);
    }

    @Override
    public BackupException connectionClosed() {
      return new BackupException(
          BackupFailure.PROTOCOL,
          server
              + " closed the connection during the handshake: it does not speak the backup protocol (is it Neo4j's"
              + " Bolt port? The backup service listens on "
              + Protocol.DEFAULT_PORT
              + " unless online_backup_server says otherwise)");
    }
  }

  /** Waits for one step of shared-secret authentication: a message of type {@code expected}. */
  record Authentication(BackupUri.Member server, Class<? extends Message> expected)
      implements Exchange {
    @Override
    public Message onMessage(Message message) {
      if (expected.isInstance(message)) {
        return message;
      }
      if (message instanceof Message.Error error
          && error.code() == io.neo4jbackup.protocol.ErrorCode.PROTOCOL_VIOLATION
          && error.message().contains("unknown frame type")) {
        throw new BackupException(
            BackupFailure.AUTHENTICATION,
            server
                + " does not support shared-secret authentication ("
                + error.message()
                + "): it runs an older backup service; update its plugin, or drop -secret-file");
      }
      throw failureOf(server, message);
    }

    @Override
    public BackupException connectionClosed() {
      return new BackupException(
          BackupFailure.AUTHENTICATION, server + " closed the connection during authentication");
    }
  }

  /** Waits for the answer to an info request. */
  record Info(BackupUri.Member server) implements Exchange {
    @Override
    public Message onMessage(Message message) {
      if (message instanceof Message.ServerInfo info) {
        return info;
      }
      throw failureOf(server, message);
    }

    @Override
    public BackupException connectionClosed() {
      return new BackupException(
          BackupFailure.CONNECTION, server + " closed the connection before answering");
    }
  }
}

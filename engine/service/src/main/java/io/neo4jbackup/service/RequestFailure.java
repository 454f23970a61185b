package io.neo4jbackup.service;

import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;

/** A request the server cannot serve; travels to the client as an error frame. */
final class RequestFailure extends RuntimeException {
  private final ErrorCode code;

  RequestFailure(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }

  Message.Error toMessage() {
    return new Message.Error(code, getMessage());
  }
}

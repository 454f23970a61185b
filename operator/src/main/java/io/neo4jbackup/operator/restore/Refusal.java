package io.neo4jbackup.operator.restore;

import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;

/** Why a restore cannot go on: a fixed reason and a message saying what to do. */
final class Refusal extends Exception {

  private final RestoreFailureReason reason;

  Refusal(RestoreFailureReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  RestoreFailureReason reason() {
    return reason;
  }
}

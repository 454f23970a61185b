package io.neo4jbackup.protocol;

/** Where a transferred file lives: which directory of a Neo4j data directory it belongs to. */
public enum FileKind {
  /** A store file, relative to {@code databases/<database>/}. */
  STORE(0),
  /** A transaction log or checkpoint file, relative to {@code transactions/<database>/}. */
  TRANSACTION_LOG(1);

  private final int code;

  FileKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static FileKind of(int code) {
    for (FileKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new ProtocolException("unknown file kind " + code);
  }
}

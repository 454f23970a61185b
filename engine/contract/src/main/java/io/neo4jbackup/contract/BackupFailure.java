package io.neo4jbackup.contract;

/**
 * Why a backup failed, as a fixed set a program can act on. Each kind has its own exit status in
 * the {@code neo4j-backup} command.
 */
public enum BackupFailure {
  /** The command line or the arguments to the API are wrong. */
  USAGE(2),
  /** The server could not be reached, or the connection broke. */
  CONNECTION(3),
  /**
   * The server is streaming its maximum number of backups, or holds its maximum of connections:
   * transient, retry later.
   */
  SERVER_BUSY(3),
  /** The database is stopped, starting or failed on the server: transient, retry later. */
  DATABASE_UNAVAILABLE(3),
  /**
   * Every member that answered is behind: its last committed transaction is older than the
   * backup's, or than the floor asked for ({@code -min-tx}). Transient while members catch up.
   */
  BEHIND(3),
  /**
   * The server answered, but not with a valid backup (wrong protocol, corrupt data, refused
   * request).
   */
  PROTOCOL(4),
  /** The server belongs to another cluster than the one asked for. */
  WRONG_CLUSTER(4),
  /** The backup is of another store than the server's database. */
  OTHER_STORE(4),
  /**
   * The server's history diverged from the backup's: its transaction with the backup's last id has
   * another checksum. A full backup is needed.
   */
  DIVERGED(4),
  /**
   * The server pruned the transaction logs an incremental backup needs; a full backup is needed.
   */
  LOGS_PRUNED(4),
  /** Another backup is running into the same target directory (it holds the directory's lock). */
  TARGET_BUSY(5),
  /** The target directory cannot take the backup (not a backup, not writable, full). */
  TARGET(5),
  /** The backup was taken but Neo4j's consistency checker found errors; it was not published. */
  VERIFICATION(6),
  /**
   * The server and the client could not authenticate each other: a TLS certificate not signed by
   * the trusted CA or not for the host, a client certificate refused, TLS on one side only, a wrong
   * or missing shared secret.
   */
  AUTHENTICATION(7),
  /**
   * The object store ({@code s3://}) could not be reached, or answered with server errors after the
   * client's retries: transient, retry later. Nothing in the bucket was changed by halves: a chain
   * counts only once its manifest object is written, last.
   */
  OBJECT_STORE_UNREACHABLE(3),
  /**
   * The object store refused the request: the credentials are wrong or lack a permission, the
   * bucket does not exist or is not the credentials' to use, or the encryption key is not the one
   * the chain was written with.
   */
  OBJECT_STORE_DENIED(7),
  /**
   * An object in the object store is not what its chain's manifest says: its SHA-256 or size
   * differs, it failed decryption's authentication, or it is missing. The copy in the bucket is not
   * trusted, and nothing built from it is used.
   */
  OBJECT_STORE_INTEGRITY(4),
  /** Anything else: a bug or an environment problem; the message has the details. */
  INTERNAL(1);

  private final int exitCode;

  BackupFailure(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

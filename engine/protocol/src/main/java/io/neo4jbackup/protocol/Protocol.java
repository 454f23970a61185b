package io.neo4jbackup.protocol;

/** Constants of the backup protocol, version 1. {@code engine/PROTOCOL.md} is the full text. */
public final class Protocol {
  /** "N4JB": the first four bytes either side sends. */
  public static final int MAGIC = 0x4E344A42;

  /** The one version this code speaks. */
  public static final int VERSION = 1;

  /** The backup service's port unless configured otherwise. */
  public static final int DEFAULT_PORT = 6362;

  /** Largest frame body (type byte and payload) either side accepts. */
  public static final int MAX_FRAME_LENGTH = 1024 * 1024 + 64;

  /**
   * Largest frame body a server accepts: requests are small, so a client cannot make the server
   * buffer more than this per connection.
   */
  public static final int MAX_REQUEST_FRAME_LENGTH = 16 * 1024;

  /** Length of the random nonces and of the HMAC-SHA256 proofs of shared-secret authentication. */
  public static final int AUTH_TOKEN_LENGTH = 32;

  /**
   * TLS cipher suites both sides enable, most preferred first: AES-128-GCM, fastest with AES
   * instructions and as strong as a backup needs, then the other AEAD suites of TLS 1.3 and 1.2.
   */
  public static final java.util.List<String> TLS_CIPHER_SUITES =
      java.util.List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

  /** Largest data chunk a server sends. */
  public static final int MAX_CHUNK_LENGTH = 1024 * 1024;

  /** Largest UTF-8 string in a frame. */
  public static final int MAX_STRING_BYTES = 4096;

  /**
   * Magic, version and 14 reserved bytes: as long as Bolt's handshake, so that a Bolt server that
   * receives it by mistake rejects it at once instead of waiting for more.
   */
  static final int PREAMBLE_LENGTH = 20;

  static final int INFO_REQUEST = 0x01;
  static final int FULL_BACKUP_REQUEST = 0x02;
  static final int INCREMENTAL_BACKUP_REQUEST = 0x03;
  static final int AUTH_REQUEST = 0x04;
  static final int AUTH_RESPONSE = 0x05;
  static final int SERVER_INFO = 0x81;
  static final int BACKUP_BEGIN = 0x82;
  static final int FILE_BEGIN = 0x83;
  static final int FILE_CHUNK = 0x84;
  static final int FILE_END = 0x85;
  static final int BACKUP_END = 0x86;
  static final int INCREMENTAL_BEGIN = 0x87;
  static final int LOG_APPEND_BEGIN = 0x88;
  static final int AUTH_CHALLENGE = 0x89;
  static final int AUTH_OK = 0x8A;
  static final int ERROR = 0x7F;

  private Protocol() {}
}

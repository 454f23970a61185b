package io.neo4jbackup.service;

import static org.neo4j.configuration.SettingConstraints.min;
import static org.neo4j.configuration.SettingImpl.newBuilder;
import static org.neo4j.configuration.SettingValueParsers.BOOL;
import static org.neo4j.configuration.SettingValueParsers.BYTES;
import static org.neo4j.configuration.SettingValueParsers.DURATION;
import static org.neo4j.configuration.SettingValueParsers.INT;
import static org.neo4j.configuration.SettingValueParsers.PATH;
import static org.neo4j.configuration.SettingValueParsers.SOCKET_ADDRESS;
import static org.neo4j.configuration.SettingValueParsers.STRING;
import static org.neo4j.configuration.SettingValueParsers.listOf;

import io.neo4jbackup.protocol.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neo4j.configuration.Description;
import org.neo4j.configuration.SettingsDeclaration;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.config.Setting;

/**
 * The backup service's {@code neo4j.conf} settings, declared so that strict validation accepts
 * them.
 */
public class BackupSettings implements SettingsDeclaration {

  @Description("Serve online backups over the network.")
  public static final Setting<Boolean> online_backup_enabled =
      newBuilder("server.online_backup.enabled", BOOL, true).build();

  /** Where the service listens unless told otherwise: loopback only, like Neo4j's own port. */
  public static final SocketAddress DEFAULT_LISTEN_ADDRESS =
      new SocketAddress("127.0.0.1", Protocol.DEFAULT_PORT);

  @Description(
      "Address the online backup service listens on; by default 127.0.0.1:"
          + Protocol.DEFAULT_PORT
          + ", loopback only. `0.0.0.0:9999` is port 9999 on all interfaces, `host:port` binds"
          + " one address, `:9999` changes only the port (the host stays loopback), `host` alone"
          + " uses port "
          + Protocol.DEFAULT_PORT
          + ". Beyond loopback the service needs mutual TLS or TLS with a shared secret, unless"
          + " server.online_backup.require_authentication=false.")
  public static final Setting<SocketAddress> online_backup_server =
      newBuilder("server.online_backup.listen_address", SOCKET_ADDRESS, DEFAULT_LISTEN_ADDRESS)
          .build();

  @Description("Name of the cluster this server belongs to, reported to backup clients.")
  public static final Setting<String> cluster_name =
      newBuilder("server.online_backup.cluster_name", STRING, "neo4j.ha").build();

  @Description(
      "How long a backup client may stop reading before the server drops it and releases the"
          + " checkpoint pin it holds; also how long an idle connection may wait before sending"
          + " a request.")
  public static final Setting<Duration> online_backup_stall_timeout =
      newBuilder("server.online_backup.stall_timeout", DURATION, Duration.ofSeconds(60))
          .addConstraint(min(Duration.ofSeconds(1)))
          .build();

  @Description("How many backups the server streams at once; further requests are refused as busy.")
  public static final Setting<Integer> online_backup_max_concurrent =
      newBuilder("server.online_backup.max_concurrent", INT, 4).addConstraint(min(1)).build();

  @Description(
      "Read the store for full backups with direct I/O, past the operating system's page cache,"
          + " where the file system allows it (otherwise through the cache, as when false)."
          + " A backup then neither evicts the database's cached files nor pays to cache what it"
          + " reads once.")
  public static final Setting<Boolean> direct_io =
      newBuilder("server.online_backup.direct_io", BOOL, true).build();

  @Description(
      "How many connections the backup service keeps open at once; further ones are told the"
          + " server is busy and closed. Bounds the memory and threads clients can claim.")
  public static final Setting<Integer> online_backup_max_connections =
      newBuilder("server.online_backup.max_connections", INT, 16).addConstraint(min(1)).build();

  @Description(
      "How long a new connection has to complete the TLS handshake, the protocol preamble and"
          + " authentication before it is closed.")
  public static final Setting<Duration> online_backup_handshake_timeout =
      newBuilder("server.online_backup.handshake_timeout", DURATION, Duration.ofSeconds(10))
          .addConstraint(min(Duration.ofSeconds(1)))
          .build();

  @Description(
      "Serve backups over TLS only; needs server.online_backup.tls.certificate and"
          + " server.online_backup.tls.private_key.")
  public static final Setting<Boolean> tls_enabled =
      newBuilder("server.online_backup.tls.enabled", BOOL, false).build();

  @Description("PEM certificate (chain) the backup service presents with TLS; an absolute path.")
  public static final Setting<Path> tls_certificate =
      newBuilder("server.online_backup.tls.certificate", PATH, null).build();

  @Description("PKCS#8 PEM private key of the TLS certificate; an absolute path.")
  public static final Setting<Path> tls_private_key =
      newBuilder("server.online_backup.tls.private_key", PATH, null).build();

  @Description(
      "PEM certificate of the CA that signs backup clients' certificates. When set, every client"
          + " must present a certificate it signed (mutual TLS).")
  public static final Setting<Path> tls_client_ca =
      newBuilder("server.online_backup.tls.client_ca", PATH, null).build();

  @Description(
      "File holding a shared secret (at least 16 bytes) that clients must prove by HMAC-SHA256"
          + " over a challenge before any request; the secret never crosses the network.")
  public static final Setting<Path> shared_secret_file =
      newBuilder("server.online_backup.shared_secret_file", PATH, null).build();

  @Description(
      "Refuse to start the backup service when it would listen beyond loopback without"
          + " authenticating its clients (mutual TLS, or TLS with a shared secret). Set it to false"
          + " only on purpose, for a network where everyone who can reach the port may copy every"
          + " database it serves: the service then starts, and logs a security warning at each"
          + " start.")
  public static final Setting<Boolean> require_authentication =
      newBuilder("server.online_backup.require_authentication", BOOL, true).build();

  @Description(
      "Databases the backup service serves, by name (compared as Neo4j compares database names,"
          + " ignoring case). Empty (the default): every database except `system`, which holds"
          + " users and password hashes and is served only when listed.")
  public static final Setting<List<String>> databases =
      newBuilder("server.online_backup.databases", listOf(STRING), List.of()).build();

  @Description(
      "Longest time one backup may stream. A client still reading when it ends is dropped and the"
          + " checkpoint pin it holds is released, so no client can stop the database's log"
          + " pruning for longer.")
  public static final Setting<Duration> max_transfer_time =
      newBuilder("server.online_backup.max_transfer_time", DURATION, Duration.ofHours(12))
          .addConstraint(min(Duration.ofMinutes(1)))
          .build();

  @Description(
      "Bytes per second a client must at least take while the server waits on it, measured over"
          + " each period of server.online_backup.stall_timeout; a slower client is dropped and the"
          + " checkpoint pin it holds is released. 0 turns the check off.")
  public static final Setting<Long> min_transfer_rate =
      newBuilder("server.online_backup.min_transfer_rate", BYTES, 1L << 20)
          .addConstraint(min(0L))
          .build();
}

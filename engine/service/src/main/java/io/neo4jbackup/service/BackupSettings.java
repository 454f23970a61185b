package io.neo4jbackup.service;

import static org.neo4j.configuration.SettingConstraints.min;
import static org.neo4j.configuration.SettingImpl.newBuilder;
import static org.neo4j.configuration.SettingValueParsers.BOOL;
import static org.neo4j.configuration.SettingValueParsers.DURATION;
import static org.neo4j.configuration.SettingValueParsers.INT;
import static org.neo4j.configuration.SettingValueParsers.PATH;
import static org.neo4j.configuration.SettingValueParsers.SOCKET_ADDRESS;
import static org.neo4j.configuration.SettingValueParsers.STRING;

import io.neo4jbackup.protocol.Protocol;
import java.nio.file.Path;
import java.time.Duration;
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

  @Description(
      "Address the online backup service listens on: `:9999` is port 9999 on all interfaces,"
          + " `host:port` binds one address, `host` alone uses port "
          + Protocol.DEFAULT_PORT
          + ".")
  public static final Setting<SocketAddress> online_backup_server =
      newBuilder(
              "server.online_backup.listen_address",
              SOCKET_ADDRESS,
              new SocketAddress(Protocol.DEFAULT_PORT))
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
      "Refuse to start the backup service when it would listen beyond loopback with neither"
          + " mutual TLS nor a shared secret; when false, that only logs a warning.")
  public static final Setting<Boolean> require_authentication =
      newBuilder("server.online_backup.require_authentication", BOOL, false).build();
}

package io.neo4jbackup.service;

import static org.neo4j.configuration.SettingConstraints.min;
import static org.neo4j.configuration.SettingImpl.newBuilder;
import static org.neo4j.configuration.SettingValueParsers.BOOL;
import static org.neo4j.configuration.SettingValueParsers.DURATION;
import static org.neo4j.configuration.SettingValueParsers.INT;
import static org.neo4j.configuration.SettingValueParsers.SOCKET_ADDRESS;
import static org.neo4j.configuration.SettingValueParsers.STRING;

import io.neo4jbackup.protocol.Protocol;
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
}

package io.neo4jbackup.service;

import java.util.Map;
import org.neo4j.configuration.SettingMigrator;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.logging.InternalLog;

/**
 * Accepts the classic backup settings as Neo4j documented them ({@code online_backup_enabled},
 * {@code online_backup_server}, {@code ha.cluster_name}) by reading each into its {@link
 * BackupSettings} name before Neo4j validates the configuration.
 */
public class BackupSettingsMigrator implements SettingMigrator {
  private static final Map<String, Setting<?>> CLASSIC_NAMES =
      Map.of(
          "online_backup_enabled", BackupSettings.online_backup_enabled,
          "online_backup_server", BackupSettings.online_backup_server,
          "ha.cluster_name", BackupSettings.cluster_name);

  @Override
  public void migrate(
      Map<String, String> values, Map<String, String> defaultValues, InternalLog log) {
    CLASSIC_NAMES.forEach(
        (classic, setting) -> {
          String value = values.remove(classic);
          if (value == null) {
            return;
          }
          String current = values.putIfAbsent(setting.name(), value);
          if (current != null && !current.equals(value)) {
            log.warn(
                "Both '%s=%s' and '%s=%s' are set; the backup service uses '%s'.",
                classic, value, setting.name(), current, setting.name());
          }
        });
  }
}

package io.neo4jbackup.service;

import org.neo4j.configuration.Config;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.internal.LogService;

/**
 * Registers the backup service with Neo4j: a server-wide extension, found through {@code
 * META-INF/services}, that starts and stops the {@link BackupServer}.
 */
public class BackupServiceExtensionFactory
    extends ExtensionFactory<BackupServiceExtensionFactory.Dependencies> {

  /** What the extension takes from the server. */
  public interface Dependencies {
    Config config();

    DatabaseManagementService databaseManagementService();

    LogService logService();
  }

  public BackupServiceExtensionFactory() {
    super(ExtensionType.GLOBAL, "online-backup");
  }

  @Override
  public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
    return new BackupServer(
        dependencies.config(),
        new Databases(
            dependencies.databaseManagementService(),
            dependencies.config().get(BackupSettings.databases)),
        dependencies.databaseManagementService(),
        dependencies.logService().getUserLog(BackupServer.class));
  }
}

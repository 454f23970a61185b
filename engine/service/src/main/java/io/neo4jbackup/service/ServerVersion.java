package io.neo4jbackup.service;

import org.neo4j.kernel.internal.Version;

/** What the server reports as its version: Neo4j's and the backup service's. */
final class ServerVersion {
  private ServerVersion() {}

  static String describe() {
    String plugin = ServerVersion.class.getPackage().getImplementationVersion();
    return "Neo4j "
        + Version.getNeo4jVersion()
        + ", backup service "
        + (plugin == null ? "dev" : plugin);
  }
}

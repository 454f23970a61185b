package io.neo4jbackup.client;

/** This tool's version, from its jar's manifest. */
final class ToolVersion {
  private ToolVersion() {}

  static String get() {
    String version = ToolVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

package io.neo4jbackup.protocol;

/**
 * A Neo4j store id: the creation time and random number that identify one store for its whole life,
 * and the store format it is in.
 */
public record StoreIdentity(
    long creationTime,
    long random,
    String storageEngine,
    String formatName,
    int majorVersion,
    int minorVersion) {

  /** True when both ids name the same store, whatever format each is in now. */
  public boolean sameStoreAs(StoreIdentity other) {
    return creationTime == other.creationTime && random == other.random;
  }

  /** A short stable text form, as shown to people and written to manifests. */
  @Override
  public String toString() {
    return Long.toHexString(creationTime) + "-" + Long.toHexString(random);
  }
}

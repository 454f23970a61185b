package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;

/**
 * Where chains are kept in object storage: {@code s3://bucket/prefix}. Each chain has its own key
 * prefix below it ({@code prefix/chain-<time>/}); an empty prefix keeps them at the bucket's top.
 */
public record ObjectStoreLocation(String bucket, String prefix) {
  public static final String SCHEME = "s3://";

  /** Whether {@code value}, as given on the command line, names object storage. */
  public static boolean isObjectStore(String value) {
    return value != null && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /** Parses {@code s3://bucket[/prefix]}; a usage failure for anything else. */
  public static ObjectStoreLocation parse(String value) {
    if (!isObjectStore(value)) {
      throw usage(value, "it does not start with " + SCHEME);
    }
    String rest = value.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw usage(value, "'" + bucket + "' is not a bucket name (3 to 63 of a-z, 0-9, '.', '-')");
    }
    if (prefix.contains("//") || prefix.startsWith("/")) {
      throw usage(value, "the prefix has an empty segment");
    }
    return new ObjectStoreLocation(bucket, prefix);
  }

  /** The key of {@code name} under this location's prefix. */
  public String key(String name) {
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /**
   * The chain this location names ({@code s3://bucket/prefix/chain-<time>}: its last segment), or
   * null when it names a prefix that holds chains.
   */
  public String chain() {
    String last = prefix.substring(prefix.lastIndexOf('/') + 1);
    return last.startsWith(ChainUpload.CHAIN_PREFIX) ? last : null;
  }

  /** The location that holds the chain this location names. */
  ObjectStoreLocation parent() {
    int slash = prefix.lastIndexOf('/');
    return new ObjectStoreLocation(bucket, slash < 0 ? "" : prefix.substring(0, slash));
  }

  /** The location that holds chains: this one, or the one holding the chain it names. */
  ObjectStoreLocation holder() {
    return chain() == null ? this : parent();
  }

  /** The prefix that lists what lies below this location ("" or "prefix/"). */
  String listPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** {@code s3://bucket/key}. */
  public String uri(String key) {
    return SCHEME + bucket + "/" + key;
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  private static BackupException usage(String value, String why) {
    return new BackupException(
        BackupFailure.USAGE,
        "'" + value + "' is not an object storage location s3://bucket[/prefix]: " + why);
  }
}

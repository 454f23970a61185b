package io.neo4jbackup.operator.job;

import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.operator.InvalidSpecException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A location in an object store, {@code s3://bucket/prefix}: where a backup writes its chains, or
 * one chain ({@code s3://bucket/prefix/chain-20260112T013000.000Z}). The prefix is checked as the
 * CRD checks it, and more: no leading or trailing slash, no empty, {@code .} or {@code ..} segment.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, empty for the bucket's root
 */
public record ObjectStoreLocation(String bucket, String prefix) {

  /** The scheme of object store locations. */
  public static final String SCHEME = "s3://";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  /** A chain the engine names: {@code chain-} and its UTC start, to the millisecond or second. */
  private static final Pattern CHAIN = Pattern.compile("chain-[0-9]{8}T[0-9]{6}(\\.[0-9]{3})?Z");

  /**
   * The location {@code spec} names, at {@code field} for messages; an {@link InvalidSpecException}
   * when its bucket or prefix is unusable.
   */
  public static ObjectStoreLocation of(ObjectStoreSpec spec, String field) {
    if (spec.getBucket() == null || !BUCKET.matcher(spec.getBucket()).matches()) {
      throw new InvalidSpecException(
          field
              + ".bucket '"
              + spec.getBucket()
              + "' is not a bucket name: 3 to 63 lower-case letters, digits, dots and dashes");
    }
    String prefix = spec.getPrefix() == null ? "" : spec.getPrefix();
    if (!prefix.isEmpty()) {
      checkPrefix(prefix, field + ".prefix");
    }
    return new ObjectStoreLocation(spec.getBucket(), prefix);
  }

  /** The location {@code uri} names ({@code s3://bucket[/prefix]}), or empty if it names none. */
  public static Optional<ObjectStoreLocation> parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      return Optional.empty();
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches()) {
      return Optional.empty();
    }
    try {
      if (!prefix.isEmpty()) {
        checkPrefix(prefix, "uri");
      }
    } catch (InvalidSpecException e) {
      return Optional.empty();
    }
    return Optional.of(new ObjectStoreLocation(bucket, prefix));
  }

  /** Whether {@code name} is a chain's name as the engine or a schedule writes it. */
  public static boolean isChainName(String name) {
    return name != null && CHAIN.matcher(name).matches();
  }

  /** {@code s3://bucket/prefix}, or {@code s3://bucket} for the bucket's root. */
  public String uri() {
    return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The location {@code name} below this one. */
  public ObjectStoreLocation child(String name) {
    return new ObjectStoreLocation(bucket, prefix.isEmpty() ? name : prefix + "/" + name);
  }

  /** Whether the prefix's last segment names a chain: this location is one chain. */
  public boolean isChain() {
    return isChainName(prefix.substring(prefix.lastIndexOf('/') + 1));
  }

  @Override
  public String toString() {
    return uri();
  }

  private static void checkPrefix(String prefix, String field) {
    if (prefix.startsWith("/") || prefix.endsWith("/")) {
      throw invalidPrefix(prefix, field, "it starts or ends with a slash");
    }
    for (String segment : prefix.split("/", -1)) {
      if (segment.isEmpty()) {
        throw invalidPrefix(prefix, field, "it has an empty segment (a doubled slash)");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw invalidPrefix(prefix, field, "'" + segment + "' segments are not allowed");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalidPrefix(
            prefix, field, "'" + segment + "' has characters other than letters, digits, . _ -");
      }
    }
  }

  private static InvalidSpecException invalidPrefix(String prefix, String field, String reason) {
    return new InvalidSpecException(
        field + " '" + prefix + "' is not usable: " + reason + "; write it as neo4j/prod");
  }
}

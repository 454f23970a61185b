package io.neo4jbackup.api.v1alpha1;

/**
 * The regular expressions the API server checks fields against. They are written in the common
 * subset of RE2 (the API server's) and java.util.regex (the tests'), and are always anchored.
 */
public final class Patterns {

  /** A DNS name of RFC 1123 labels (a Service, {@code service.namespace}, an FQDN) or IPv4. */
  private static final String DNS_NAME_OR_IPV4 =
      "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*";

  /** An IPv6 address in brackets, as in a URI. */
  private static final String BRACKETED_IPV6 = "\\[[0-9A-Fa-f:.]+\\]";

  /** A TCP port, 1 to 65535, without leading zeros. */
  private static final String PORT =
      "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})";

  private static final String ADDRESS =
      "(" + BRACKETED_IPV6 + "|" + DNS_NAME_OR_IPV4 + ")(:" + PORT + ")?";

  /** {@code single://host[:port]} or {@code ha://host[:port],host[:port],...}. */
  public static final String FROM_URI =
      "^(single://" + ADDRESS + "|ha://" + ADDRESS + "(," + ADDRESS + ")*)$";

  /** A character of a database name after the first. */
  private static final String DATABASE_CHARACTER = "[A-Za-z0-9.-]";

  /**
   * A Neo4j database name in either case, as Neo4j 5 checks it once lower-cased: 3 to 63 ASCII
   * letters, digits, dots and dashes, from a letter; only {@code system} itself starts with {@code
   * system}. Without look-ahead (RE2 has none), the names that do not start with {@code system} are
   * spelled out by the first character where they leave it.
   */
  public static final String DATABASE_NAME =
      "^([A-RT-Za-rt-z]"
          + DATABASE_CHARACTER
          + "{2,62}"
          + "|[Ss][A-XZa-xz0-9.-]"
          + DATABASE_CHARACTER
          + "{1,61}"
          + "|[Ss][Yy][A-RT-Za-rt-z0-9.-]"
          + DATABASE_CHARACTER
          + "{0,60}"
          + "|[Ss][Yy][Ss]([A-SU-Za-su-z0-9.-]"
          + DATABASE_CHARACTER
          + "{0,59})?"
          + "|[Ss][Yy][Ss][Tt]([A-DF-Za-df-z0-9.-]"
          + DATABASE_CHARACTER
          + "{0,58})?"
          + "|[Ss][Yy][Ss][Tt][Ee]([A-LN-Za-ln-z0-9.-]"
          + DATABASE_CHARACTER
          + "{0,57})?"
          + "|[Ss][Yy][Ss][Tt][Ee][Mm])$";

  /** A Kubernetes object name (DNS-1123 subdomain): PersistentVolumeClaims, Secrets, ... */
  public static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key in a Secret's data. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /** One path segment that is neither {@code .} nor {@code ..}. */
  private static final String PATH_SEGMENT =
      "([A-Za-z0-9_-][A-Za-z0-9._-]*|\\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\\.\\.[A-Za-z0-9._-]+)";

  /** A directory inside a volume: relative segments, an optional leading slash, no . or ... */
  public static final String VOLUME_PATH = "^/?" + PATH_SEGMENT + "(/" + PATH_SEGMENT + ")*$";

  /**
   * A key prefix in an object store: relative segments separated by single slashes, no leading or
   * trailing slash, no {@code .} or {@code ..} segment.
   */
  public static final String OBJECT_PREFIX = "^" + PATH_SEGMENT + "(/" + PATH_SEGMENT + ")*$";

  /**
   * An S3 bucket name: 3 to 63 lower-case letters, digits, dots and dashes, starting and ending
   * with a letter or digit (the length is checked apart).
   */
  public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]*[a-z0-9]$";

  /** An http or https URL without query or fragment: an S3-compatible endpoint. */
  public static final String ENDPOINT_URL = "^https?://[^/?#\\s]+(/[^?#\\s]*)?$";

  /** A region name such as {@code us-east-1} (S3-compatible servers name theirs freely). */
  public static final String REGION = "^[A-Za-z0-9_-]+$";

  /** A schedule's or engine's chain name: {@code chain-20260112T013000Z} or with milliseconds. */
  public static final String CHAIN_NAME = "^chain-[0-9]{8}T[0-9]{6}(\\.[0-9]{3})?Z$";

  private static final String CRON_FIELD = "[0-9A-Za-z*,/?-]+";

  /** Five cron fields (minute hour day-of-month month day-of-week) or a macro such as @daily. */
  public static final String CRON_SCHEDULE =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|"
          + CRON_FIELD
          + "(\\s+"
          + CRON_FIELD
          + "){4})$";

  /** An IANA time zone name such as {@code UTC}, {@code Europe/Paris} or {@code Etc/GMT+5}. */
  public static final String TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$";

  /**
   * A duration of days, hours, minutes and seconds, in that order, each optional but one at least:
   * {@code 30d}, {@code 12h}, {@code 1d12h}, {@code 90m}.
   */
  public static final String DURATION =
      "^([0-9]{1,6}d([0-9]{1,6}h)?([0-9]{1,6}m)?([0-9]{1,6}s)?"
          + "|[0-9]{1,6}h([0-9]{1,6}m)?([0-9]{1,6}s)?"
          + "|[0-9]{1,6}m([0-9]{1,6}s)?"
          + "|[0-9]{1,6}s)$";

  private Patterns() {}
}

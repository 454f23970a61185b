package io.neo4jbackup.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where a backup comes from: {@code single://host[:port]} for one server, {@code
 * ha://host[:port],host[:port],...} for members of a cluster. A host is a DNS name (labels of
 * letters, digits and dashes), an IPv4 address or a bracketed IPv6 address; the port is 1 to 65535,
 * 6362 when not given. The one grammar of the engine, the operator and the CRD's pattern ({@code
 * Patterns.FROM_URI}, tested against this parser); {@link #toString()} always writes the port.
 */
public record BackupUri(Scheme scheme, List<Member> members) {

  /** The online backup port of a Neo4j server, when the URI gives none. */
  public static final int DEFAULT_PORT = 6362;

  /** One server, or members of a cluster. */
  public enum Scheme {
    SINGLE("single://"),
    HA("ha://");

    private final String prefix;

    Scheme(String prefix) {
      this.prefix = prefix;
    }
  }

  /** What a member's host is. */
  public enum HostKind {
    NAME,
    IPV4,
    IPV6
  }

  /** One server's backup address. */
  public record Member(String host, HostKind kind, int port) {
    @Override
    public String toString() {
      return (kind == HostKind.IPV6 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  public BackupUri {
    members = List.copyOf(members);
  }

  /** Parses {@code uri}; an {@link InvalidBackupUriException} says what is wrong with it. */
  public static BackupUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidBackupUriException(String.valueOf(uri), "it is empty");
    }
    Scheme scheme = null;
    for (Scheme candidate : Scheme.values()) {
      if (uri.startsWith(candidate.prefix)) {
        scheme = candidate;
      }
    }
    if (scheme == null) {
      throw new InvalidBackupUriException(
          uri, "it must start with single:// (one server) or ha:// (cluster members)");
    }
    List<Member> members = new ArrayList<>();
    for (String entry : uri.substring(scheme.prefix.length()).split(",", -1)) {
      Member member = member(uri, entry);
      if (members.contains(member)) {
        throw new InvalidBackupUriException(uri, "it names " + member + " twice");
      }
      members.add(member);
    }
    if (scheme == Scheme.SINGLE && members.size() != 1) {
      throw new InvalidBackupUriException(
          uri, "single:// names exactly one server; use ha:// for several");
    }
    return new BackupUri(scheme, members);
  }

  /** This URI with each member replaced by {@code rename}'s answer for it. */
  public BackupUri withMembers(UnaryOperator<Member> rename) {
    return new BackupUri(scheme, members.stream().map(rename).toList());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(scheme.prefix);
    for (int i = 0; i < members.size(); i++) {
      text.append(i == 0 ? "" : ",").append(members.get(i));
    }
    return text.toString();
  }

  private static Member member(String uri, String entry) {
    if (entry.isEmpty()) {
      throw new InvalidBackupUriException(uri, "a host is missing");
    }
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw new InvalidBackupUriException(
            uri, "'" + entry + "' opens an IPv6 address with [ but does not close it");
      }
      String host = entry.substring(1, close);
      if (!IPV6.matcher(host).matches()) {
        throw new InvalidBackupUriException(uri, "'" + host + "' is not an IPv6 address");
      }
      String after = entry.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new InvalidBackupUriException(
            uri, "unexpected '" + after + "' after the IPv6 address in '" + entry + "'");
      }
      return new Member(host, HostKind.IPV6, after.isEmpty() ? DEFAULT_PORT : port(uri, after));
    }
    int colon = entry.indexOf(':');
    if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
      throw new InvalidBackupUriException(
          uri, "'" + entry + "' looks like an IPv6 address; write it in brackets: [" + entry + "]");
    }
    String host = colon < 0 ? entry : entry.substring(0, colon);
    int port = colon < 0 ? DEFAULT_PORT : port(uri, entry.substring(colon));
    if (IPV4.matcher(host).matches()) {
      return new Member(host, HostKind.IPV4, port);
    }
    if (!DNS_NAME.matcher(host).matches()) {
      throw new InvalidBackupUriException(
          uri,
          "'"
              + host
              + "' is not a valid host name or IP address (a name is letters, digits, dashes"
              + " and dots; an IPv6 address goes in brackets)");
    }
    return new Member(host, HostKind.NAME, port);
  }

  /** The port after the colon in {@code colonAndPort}. */
  private static int port(String uri, String colonAndPort) {
    String port = colonAndPort.substring(1);
    if (!PORT.matcher(port).matches()) {
      throw new InvalidBackupUriException(uri, "port '" + port + "' is not a number");
    }
    if (port.length() > 1 && port.startsWith("0")) {
      throw new InvalidBackupUriException(uri, "port '" + port + "' has a leading zero");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw new InvalidBackupUriException(uri, "port " + value + " is outside 1-65535");
    }
    return value;
  }
}

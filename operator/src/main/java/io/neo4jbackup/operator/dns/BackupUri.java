package io.neo4jbackup.operator.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A parsed {@code single://host[:port]} or {@code ha://host[:port],host[:port],...}, as the backup
 * engine reads it: hosts are DNS names, IPv4 addresses or bracketed IPv6 addresses, and the port is
 * 6362 unless given. {@link #toString()} always writes the port.
 */
public record BackupUri(Scheme scheme, List<BackupAddress> addresses) {

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

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*");
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  public BackupUri {
    addresses = List.copyOf(addresses);
  }

  /** Parses {@code uri}; a {@link MalformedBackupUriException} says what is wrong with it. */
  public static BackupUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new MalformedBackupUriException(String.valueOf(uri), "it is empty");
    }
    Scheme scheme = null;
    for (Scheme candidate : Scheme.values()) {
      if (uri.startsWith(candidate.prefix)) {
        scheme = candidate;
      }
    }
    if (scheme == null) {
      throw new MalformedBackupUriException(
          uri, "it must start with single:// (one server) or ha:// (cluster members)");
    }
    List<BackupAddress> addresses = new ArrayList<>();
    for (String entry : uri.substring(scheme.prefix.length()).split(",", -1)) {
      addresses.add(address(uri, entry));
    }
    if (scheme == Scheme.SINGLE && addresses.size() != 1) {
      throw new MalformedBackupUriException(
          uri, "single:// names exactly one server; use ha:// for several");
    }
    return new BackupUri(scheme, addresses);
  }

  /** This URI with each address replaced by {@code rename}'s answer for it. */
  public BackupUri withAddresses(UnaryOperator<BackupAddress> rename) {
    return new BackupUri(scheme, addresses.stream().map(rename).toList());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(scheme.prefix);
    for (int i = 0; i < addresses.size(); i++) {
      text.append(i == 0 ? "" : ",").append(addresses.get(i));
    }
    return text.toString();
  }

  private static BackupAddress address(String uri, String entry) {
    if (entry.isEmpty()) {
      throw new MalformedBackupUriException(uri, "a host is missing");
    }
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw new MalformedBackupUriException(
            uri, "'" + entry + "' opens an IPv6 address with [ but does not close it");
      }
      String host = entry.substring(1, close);
      if (!IPV6.matcher(host).matches()) {
        throw new MalformedBackupUriException(uri, "'" + host + "' is not an IPv6 address");
      }
      String after = entry.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new MalformedBackupUriException(
            uri, "unexpected '" + after + "' after the IPv6 address in '" + entry + "'");
      }
      return new BackupAddress(
          host, BackupAddress.Kind.IPV6, after.isEmpty() ? DEFAULT_PORT : port(uri, after));
    }
    int colon = entry.indexOf(':');
    if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
      throw new MalformedBackupUriException(
          uri, "'" + entry + "' looks like an IPv6 address; write it in brackets: [" + entry + "]");
    }
    String host = colon < 0 ? entry : entry.substring(0, colon);
    int port = colon < 0 ? DEFAULT_PORT : port(uri, entry.substring(colon));
    if (IPV4.matcher(host).matches()) {
      return new BackupAddress(host, BackupAddress.Kind.IPV4, port);
    }
    if (!DNS_NAME.matcher(host).matches()) {
      throw new MalformedBackupUriException(
          uri, "'" + host + "' is not a valid host name or IP address");
    }
    return new BackupAddress(host, BackupAddress.Kind.NAME, port);
  }

  /** The port after the colon in {@code colonAndPort}. */
  private static int port(String uri, String colonAndPort) {
    String port = colonAndPort.substring(1);
    if (!PORT.matcher(port).matches()) {
      throw new MalformedBackupUriException(uri, "port '" + port + "' is not a number");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw new MalformedBackupUriException(uri, "port " + value + " is outside 1-65535");
    }
    return value;
  }
}

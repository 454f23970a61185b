package io.neo4jbackup.client;

import io.neo4jbackup.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where to take a backup from: {@code single://host[:port]} for one server, {@code
 * ha://host[:port],host[:port],...} for members of a cluster. Hosts are DNS names, IPv4 addresses
 * or bracketed IPv6 addresses; the port defaults to 6362.
 */
public record BackupUri(Mode mode, List<Member> members) {

  /** How the servers are named: one server, or members of a cluster. */
  public enum Mode {
    SINGLE,
    HA
  }

  /** One server's backup address. */
  public record Member(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[a-zA-Z0-9]+)?");

  public BackupUri {
    members = List.copyOf(members);
  }

  /** Parses {@code text}; an {@link BackupException} of kind USAGE names what is wrong. */
  public static BackupUri parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    int separator = text.indexOf("://");
    if (separator < 0) {
      throw invalid(text, "it has no scheme; write single://host[:port] or ha://host[:port],...");
    }
    String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
    Mode mode =
        switch (scheme) {
          case "single" -> Mode.SINGLE;
          case "ha" -> Mode.HA;
          default -> throw invalid(text, "scheme '" + scheme + "' is neither single nor ha");
        };
    String rest = text.substring(separator + 3);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.contains("/") || rest.contains("?") || rest.contains("@")) {
      throw invalid(text, "only host[:port] entries may follow the scheme");
    }
    List<Member> members = new ArrayList<>();
    for (String entry : rest.split(",", -1)) {
      Member member = member(text, entry.trim());
      if (members.contains(member)) {
        throw invalid(text, "it names " + member + " twice");
      }
      members.add(member);
    }
    if (mode == Mode.SINGLE && members.size() != 1) {
      throw invalid(text, "single:// names exactly one server; use ha:// for several");
    }
    return new BackupUri(mode, members);
  }

  private static Member member(String text, String entry) {
    if (entry.isEmpty()) {
      throw invalid(text, "a host is missing");
    }
    String host;
    String port = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw invalid(text, "'" + entry + "' opens an IPv6 address with [ but does not close it");
      }
      host = entry.substring(1, close);
      String after = entry.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(
              text, "unexpected '" + after + "' after the IPv6 address in '" + entry + "'");
        }
        port = after.substring(1);
      }
      if (!IPV6.matcher(host).matches() || !host.contains(":")) {
        throw invalid(text, "'" + host + "' is not an IPv6 address");
      }
    } else {
      int colon = entry.indexOf(':');
      if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
        throw invalid(
            text,
            "'" + entry + "' looks like an IPv6 address; write it in brackets: [" + entry + "]");
      }
      host = colon < 0 ? entry : entry.substring(0, colon);
      port = colon < 0 ? null : entry.substring(colon + 1);
      if (!DNS_NAME.matcher(host).matches()) {
        throw invalid(text, "'" + host + "' is not a valid host name or IP address");
      }
    }
    return new Member(host, port == null ? Protocol.DEFAULT_PORT : port(text, port));
  }

  private static int port(String text, String port) {
    if (!port.matches("[0-9]{1,5}")) {
      throw invalid(text, "port '" + port + "' is not a number");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      throw invalid(text, "port " + value + " is outside 1-65535");
    }
    return value;
  }

  private static BackupException invalid(String text, String reason) {
    return new BackupException(BackupFailure.USAGE, "invalid backup URI '" + text + "': " + reason);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(mode.name().toLowerCase(Locale.ROOT)).append("://");
    for (int i = 0; i < members.size(); i++) {
      text.append(i == 0 ? "" : ",").append(members.get(i));
    }
    return text.toString();
  }
}

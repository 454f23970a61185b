package io.neo4jbackup.operator.dns;

/** One server's backup address in a backup URI: a host of a known kind and a port. */
public record BackupAddress(String host, Kind kind, int port) {

  /** How the host is written. */
  public enum Kind {
    /** A DNS name: a Service, {@code service.namespace}, or a longer name. */
    NAME,
    IPV4,
    /** An IPv6 address, held without its brackets. */
    IPV6
  }

  public BackupAddress withHost(String newHost) {
    return new BackupAddress(newHost, kind, port);
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  @Override
  public String toString() {
    return (kind == Kind.IPV6 ? "[" + host + "]" : host) + ":" + port;
  }
}

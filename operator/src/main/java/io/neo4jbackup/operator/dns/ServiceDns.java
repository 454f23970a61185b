package io.neo4jbackup.operator.dns;

import io.neo4jbackup.contract.BackupUri;
import java.util.regex.Pattern;

/**
 * Completes the hosts of a backup URI into names that resolve the same from the backup pod as the
 * user meant them in the backup's namespace: {@code neo4j} becomes {@code
 * neo4j.<namespace>.svc.<clusterDomain>}, {@code neo4j.other} becomes {@code
 * neo4j.other.svc.<clusterDomain>}; a name of three or more labels (one with {@code .svc.}, a pod's
 * {@code pod.service.namespace}, any other full name) and IP addresses stay as written. Every
 * address gets its port, 6362 unless given.
 *
 * <p>A two-label name is always read as {@code service.namespace}, so an outside host needs three
 * labels or more, or an IP address.
 */
public record ServiceDns(String clusterDomain) {

  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ServiceDns {
    if (clusterDomain == null || !DOMAIN.matcher(clusterDomain).matches()) {
      throw new IllegalArgumentException(
          "the cluster domain '" + clusterDomain + "' is not a DNS name such as cluster.local");
    }
  }

  /**
   * {@code uri} with each host completed as seen from {@code namespace}; an {@link
   * io.neo4jbackup.contract.InvalidBackupUriException} when {@code uri} is not a backup URI.
   */
  public String expand(String uri, String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("'" + namespace + "' is not a namespace name");
    }
    return BackupUri.parse(uri).withMembers(member -> complete(member, namespace)).toString();
  }

  private BackupUri.Member complete(BackupUri.Member member, String namespace) {
    if (member.kind() != BackupUri.HostKind.NAME) {
      return member;
    }
    String host =
        switch (member.host().split("\\.").length) {
          case 1 -> member.host() + "." + namespace + ".svc." + clusterDomain;
          case 2 -> member.host() + ".svc." + clusterDomain;
          default -> member.host();
        };
    return new BackupUri.Member(host, member.kind(), member.port());
  }
}

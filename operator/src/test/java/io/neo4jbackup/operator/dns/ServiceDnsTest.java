package io.neo4jbackup.operator.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.InvalidBackupUriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceDnsTest {

  private final ServiceDns dns = new ServiceDns("cluster.local");

  @ParameterizedTest(name = "{0} in namespace db -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # a bare Service name is in the backup's namespace
          single://neo4j                      | single://neo4j.db.svc.cluster.local:6362
          single://neo4j:7000                 | single://neo4j.db.svc.cluster.local:7000
          # service.namespace
          single://neo4j.other                | single://neo4j.other.svc.cluster.local:6362
          single://neo4j.other:6363           | single://neo4j.other.svc.cluster.local:6363
          # names with .svc. and other full names stay as written
          single://neo4j.other.svc.cluster.local | single://neo4j.other.svc.cluster.local:6362
          single://neo4j.graph.svc:6362       | single://neo4j.graph.svc:6362
          single://neo4j-0.neo4j.graph        | single://neo4j-0.neo4j.graph:6362
          single://backup.example.com:16362   | single://backup.example.com:16362
          single://NEO4J                      | single://NEO4J.db.svc.cluster.local:6362
          # addresses stay as written
          single://10.0.0.7                   | single://10.0.0.7:6362
          single://10.0.0.7:7000              | single://10.0.0.7:7000
          single://[fd00::7]                  | single://[fd00::7]:6362
          single://[::1]:7000                 | single://[::1]:7000
          single://[::ffff:10.0.0.7]          | single://[::ffff:10.0.0.7]:6362
          # a name of digits that is no IPv4 address is a name
          single://999.1.1.1                  | single://999.1.1.1:6362
          # each ha member the same way
          ha://neo4j-0,neo4j-1.other:7000,10.0.0.9,[fd00::9]:6363,neo4j.x.svc.cluster.local | ha://neo4j-0.db.svc.cluster.local:6362,neo4j-1.other.svc.cluster.local:7000,10.0.0.9:6362,[fd00::9]:6363,neo4j.x.svc.cluster.local:6362
          ha://neo4j                          | ha://neo4j.db.svc.cluster.local:6362
          """)
  void completesServiceNamesAndAddsThePort(String uri, String expanded) {
    assertThat(dns.expand(uri, "db")).isEqualTo(expanded);
  }

  @Test
  void usesTheConfiguredClusterDomain() {
    ServiceDns custom = new ServiceDns("k8s.example.org");

    assertThat(custom.expand("ha://neo4j,neo4j.other", "db"))
        .isEqualTo("ha://neo4j.db.svc.k8s.example.org:6362,neo4j.other.svc.k8s.example.org:6362");
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                          | it is empty
          neo4j:6362                  | must start with single:// (one server) or ha://
          http://neo4j                | must start with single://
          SINGLE://neo4j              | must start with single://
          single://                   | a host is missing
          ha://neo4j,,neo4j-2         | a host is missing
          ha://neo4j,                 | a host is missing
          single://neo4j-0,neo4j-1    | single:// names exactly one server
          single://neo4j:             | port '' is not a number
          single://neo4j:backup       | port 'backup' is not a number
          single://neo4j:0            | port 0 is outside 1-65535
          single://neo4j:65536        | port 65536 is outside 1-65535
          single://neo4j:6362/db      | port '6362/db' is not a number
          single://neo4j/db           | 'neo4j/db' is not a valid host name
          single://user@neo4j         | 'user@neo4j' is not a valid host name
          single://-neo4j             | '-neo4j' is not a valid host name
          single://neo4j.             | 'neo4j.' is not a valid host name
          single://neo_4j             | 'neo_4j' is not a valid host name
          single://fd00::7            | looks like an IPv6 address; write it in brackets: [fd00::7]
          single://[fd00::7           | opens an IPv6 address with [ but does not close it
          single://[neo4j]            | 'neo4j' is not an IPv6 address
          single://[fd00::7]6362      | unexpected '6362' after the IPv6 address
          """)
  void refusesMalformedUrisSayingWhy(String uri, String reason) {
    assertThatThrownBy(() -> dns.expand(uri, "db"))
        .isInstanceOf(InvalidBackupUriException.class)
        .hasMessageStartingWith("invalid backup URI '" + uri + "': ")
        .hasMessageContaining(reason);
  }

  @Test
  void refusesAnInvalidClusterDomainOrNamespace() {
    assertThatThrownBy(() -> new ServiceDns(".cluster.local"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'.cluster.local' is not a DNS name");
    assertThatThrownBy(() -> dns.expand("single://neo4j", "Db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Db' is not a namespace name");
  }
}

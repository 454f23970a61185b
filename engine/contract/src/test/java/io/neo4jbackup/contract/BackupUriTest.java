package io.neo4jbackup.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one grammar of backup URIs, for the engine, the operator and the CRD. */
class BackupUriTest {

  @ParameterizedTest(name = "{0} names {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "single://neo4j                      | SINGLE | neo4j:6362",
        "single://neo4j:9999                 | SINGLE | neo4j:9999",
        "single://neo4j.db.svc.cluster.local | SINGLE | neo4j.db.svc.cluster.local:6362",
        "single://Neo4j-0.Backups            | SINGLE | Neo4j-0.Backups:6362",
        "single://10.0.0.7:7000              | SINGLE | 10.0.0.7:7000",
        "single://[::1]                      | SINGLE | [::1]:6362",
        "single://[fe80::1]:6363             | SINGLE | [fe80::1]:6363",
        "ha://a:1,b,c.ns:3                   | HA     | a:1;b:6362;c.ns:3",
        "ha://neo4j-0.neo4j,neo4j-1.neo4j    | HA     | neo4j-0.neo4j:6362;neo4j-1.neo4j:6362",
        "ha://a                              | HA     | a:6362",
      })
  void parsesTheSchemeAndTheMembers(String text, BackupUri.Scheme scheme, String members) {
    BackupUri uri = BackupUri.parse(text);
    assertThat(uri.scheme()).isEqualTo(scheme);
    assertThat(uri.members())
        .extracting(BackupUri.Member::toString)
        .isEqualTo(List.of(members.split(";")));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @CsvSource({"single://neo4j.ns, NAME", "single://10.1.2.3, IPV4", "single://[::1], IPV6"})
  void knowsWhatKindOfHostAMemberHas(String text, BackupUri.HostKind kind) {
    assertThat(BackupUri.parse(text).members().get(0).kind()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "neo4j:6362                | it must start with single:// (one server) or ha://",
        "bolt://neo4j              | it must start with single://",
        "SINGLE://neo4j            | it must start with single://",
        "single://                 | a host is missing",
        "single://a,b              | single:// names exactly one server",
        "ha://a,,b                 | a host is missing",
        "ha://a:6362,b,a           | it names a:6362 twice",
        "single://neo4j:0          | port 0 is outside 1-65535",
        "single://neo4j:06362      | port '06362' has a leading zero",
        "single://neo4j:70000      | port 70000 is outside 1-65535",
        "single://neo4j:http       | port 'http' is not a number",
        "single://bad_host         | 'bad_host' is not a valid host name",
        "single://-neo4j           | '-neo4j' is not a valid host name",
        "single://neo4j.           | 'neo4j.' is not a valid host name",
        "single://neo4j/           | 'neo4j/' is not a valid host name",
        "single://neo4j/db         | 'neo4j/db' is not a valid host name",
        "single://user@neo4j       | 'user@neo4j' is not a valid host name",
        "single:// neo4j           | ' neo4j' is not a valid host name",
        "single://fe80::1          | write it in brackets",
        "single://[fe80::1         | does not close it",
        "single://[neo4j]          | 'neo4j' is not an IPv6 address",
        "single://[::1]x           | unexpected 'x' after the IPv6 address",
      })
  void refusesWithAMessageNamingTheProblem(String text, String reason) {
    assertThatThrownBy(() -> BackupUri.parse(text))
        .isInstanceOf(InvalidBackupUriException.class)
        .hasMessageStartingWith("invalid backup URI '" + text + "': ")
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"single://a.b:7", "ha://[::1]:6362,b:1,10.0.0.1:6362"})
  void writesItselfBackAsItParses(String text) {
    assertThat(BackupUri.parse(BackupUri.parse(text).toString())).isEqualTo(BackupUri.parse(text));
  }
}

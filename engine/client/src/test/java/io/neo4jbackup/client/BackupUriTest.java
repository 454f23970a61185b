package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupUriTest {

  @ParameterizedTest(name = "{0} names {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "single://neo4j                       | SINGLE | neo4j:6362",
        "single://neo4j:9999                  | SINGLE | neo4j:9999",
        "SINGLE://neo4j.backups               | SINGLE | neo4j.backups:6362",
        "single://neo4j.db.svc.cluster.local/ | SINGLE | neo4j.db.svc.cluster.local:6362",
        "single://10.0.0.7:7000               | SINGLE | 10.0.0.7:7000",
        "single://[::1]                       | SINGLE | [::1]:6362",
        "single://[fe80::1]:6363              | SINGLE | [fe80::1]:6363",
        "ha://a:1,b,c.ns:3                    | HA     | a:1;b:6362;c.ns:3",
        "ha://neo4j-0.neo4j, neo4j-1.neo4j    | HA     | neo4j-0.neo4j:6362;neo4j-1.neo4j:6362",
      })
  void parsesModeAndMembers(String text, BackupUri.Mode mode, String members) {
    BackupUri uri = BackupUri.parse(text);
    assertThat(uri.mode()).isEqualTo(mode);
    assertThat(uri.members())
        .extracting(BackupUri.Member::toString)
        .isEqualTo(List.of(members.split(";")));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "neo4j:6362                | it has no scheme",
        "bolt://neo4j              | scheme 'bolt' is neither single nor ha",
        "single://                 | a host is missing",
        "single://a,b              | single:// names exactly one server",
        "ha://a,,b                 | a host is missing",
        "ha://a:6362,b,a           | it names a:6362 twice",
        "single://neo4j:0          | port 0 is outside 1-65535",
        "single://neo4j:70000      | port 70000 is outside 1-65535",
        "single://neo4j:http       | port 'http' is not a number",
        "single://bad_host         | 'bad_host' is not a valid host name",
        "single://-neo4j           | '-neo4j' is not a valid host name",
        "single://fe80::1          | write it in brackets",
        "single://[fe80::1         | does not close it",
        "single://[neo4j]          | 'neo4j' is not an IPv6 address",
        "single://user@neo4j       | only host[:port] entries may follow the scheme",
        "single://neo4j/db         | only host[:port] entries may follow the scheme",
      })
  void refusesWithAMessageNamingTheProblem(String text, String reason) {
    assertThatThrownBy(() -> BackupUri.parse(text))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
        .hasMessageContaining("invalid backup URI '" + text + "'")
        .hasMessageContaining(reason);
  }
}

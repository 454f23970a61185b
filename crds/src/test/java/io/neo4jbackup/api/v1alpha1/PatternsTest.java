package io.neo4jbackup.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the schema's patterns accept, checked with java.util.regex (the API server checks the same
 * patterns with RE2; CustomResourcesIT shows a few there).
 */
class PatternsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "single://neo4j",
        "single://neo4j:6362",
        "single://neo4j.databases",
        "single://neo4j-0.neo4j.databases.svc.cluster.local:6362",
        "single://10.0.0.12",
        "single://10.0.0.12:7000",
        "single://[fd00::12]:6362",
        "single://[::1]",
        "single://Neo4j.Example.COM:65535",
        "ha://neo4j-0.neo4j,neo4j-1.neo4j,neo4j-2.neo4j",
        "ha://neo4j-0.neo4j:6362,10.0.0.13:6363,[fd00::14]",
        "ha://neo4j"
      })
  void fromAcceptsSingleAndHaUrisOfServiceNamesDnsNamesAndAddresses(String from) {
    assertThat(from).matches(Patterns.FROM_URI);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "neo4j:6362",
        "neo4j://neo4j:7687",
        "bolt://neo4j",
        "single://",
        "ha://",
        "single://neo4j,neo4j-1",
        "ha://neo4j-0,",
        "ha://neo4j-0, neo4j-1",
        "single://neo4j:0",
        "single://neo4j:65536",
        "single://neo4j:06362",
        "single://neo4j:port",
        "single://-neo4j",
        "single://neo4j_db",
        "single://neo4j/db",
        "single://fd00::12",
        " single://neo4j",
        "SINGLE://neo4j"
      })
  void fromRejectsOtherSchemesHostsAndPorts(String from) {
    assertThat(from).doesNotMatch(Patterns.FROM_URI);
  }

  @ParameterizedTest
  @ValueSource(strings = {"neo4j", "system", "graph.db", "customers-2024", "Movies"})
  void databaseAcceptsNeo4jDatabaseNames(String database) {
    assertThat(database).matches(Patterns.DATABASE_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"db", "_internal", "2024-sales", "my_db", "neo4j ", "a/b"})
  void databaseRejectsWhatNeo4jRejects(String database) {
    assertThat(database).doesNotMatch(Patterns.DATABASE_NAME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"neo4j", "neo4j/prod", "/clusters/production", ".hidden/x", "a..b", "v1.2"})
  void targetPathAcceptsDirectoriesInsideTheVolume(String path) {
    assertThat(path).matches(Patterns.VOLUME_PATH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", ".", "..", "../up", "a/../b", "a/./b", "a/", "a//b", "a b"})
  void targetPathRejectsTheRootAndEscapes(String path) {
    assertThat(path).doesNotMatch(Patterns.VOLUME_PATH);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "30 2 * * *",
        "*/15 * * * *",
        "0 3 * * MON-FRI",
        "0 0 1 1 *",
        "0  4 * * 0",
        "@daily",
        "@hourly",
        "@midnight",
        "@weekly",
        "@monthly",
        "@yearly",
        "@annually"
      })
  void scheduleAcceptsFiveCronFieldsAndMacros(String schedule) {
    assertThat(schedule).matches(Patterns.CRON_SCHEDULE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "@every 1h",
        "@reboot",
        "CRON_TZ=Europe/Berlin 0 1 * * *",
        "TZ=UTC 0 1 * * *",
        "* * * *",
        "0 * * * * *",
        "daily",
        " 0 1 * * *",
        "0 1 * * * "
      })
  void scheduleRejectsSecondsTimeZonesAndOtherMacros(String schedule) {
    assertThat(schedule).doesNotMatch(Patterns.CRON_SCHEDULE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "EST5EDT"})
  void timeZoneAcceptsIanaNames(String zone) {
    assertThat(zone).matches(Patterns.TIME_ZONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Europe/", "/UTC", "Europe Berlin", "../etc/passwd", "+01:00"})
  void timeZoneRejectsOffsetsAndPaths(String zone) {
    assertThat(zone).doesNotMatch(Patterns.TIME_ZONE);
  }
}

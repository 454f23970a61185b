package io.neo4jbackup.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.contract.InvalidBackupUriException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
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

  /**
   * The pattern and the engine's parser ({@link BackupUri}, the one grammar) agree on every URI of
   * both lists above and a few more, except where a pattern cannot say it: a member named twice,
   * and a host over 253 characters (the operator refuses those with the parser's message).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "single://neo4j",
        "single://neo4j:6362",
        "single://neo4j-0.neo4j.databases.svc.cluster.local:6362",
        "single://10.0.0.12:7000",
        "single://999.1.2.3",
        "single://[fd00::12]:6362",
        "single://Neo4j.Example.COM:65535",
        "ha://neo4j-0.neo4j:6362,10.0.0.13:6363,[fd00::14]",
        "ha://neo4j",
        "neo4j:6362",
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
        "single://neo4j-",
        "single://neo4j_db",
        "single://neo4j/db",
        "single://neo4j/",
        "single://neo4j.",
        "single://fd00::12",
        "single://[fd00::12",
        "single://[neo4j]",
        " single://neo4j",
        "SINGLE://neo4j"
      })
  void fromAcceptsExactlyWhatTheEnginesParserAccepts(String from) {
    boolean parses;
    try {
      BackupUri.parse(from);
      parses = true;
    } catch (InvalidBackupUriException e) {
      parses = false;
    }
    assertThat(from.matches(Patterns.FROM_URI)).as(from).isEqualTo(parses);
  }

  @Test
  void whatOnlyTheParserRefusesIsNamingAMemberTwiceOrAnOverlongHost() {
    String twice = "ha://neo4j-0,neo4j-0";
    String overlong = "single://" + "a".repeat(60) + (".b" + "c".repeat(59)).repeat(4);
    for (String from : List.of(twice, overlong)) {
      assertThat(from).matches(Patterns.FROM_URI);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackupUri.parse(from))
          .isInstanceOf(InvalidBackupUriException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "neo4j",
        "system",
        "SYSTEM",
        "System",
        "graph.db",
        "customers-2024",
        "Movies",
        "sys",
        "syst",
        "syste",
        "systel",
        "sy-stem",
        "sys.tem",
        "a23456789012345678901234567890123456789012345678901234567890123"
      })
  void databaseAcceptsNeo4jDatabaseNamesInEitherCase(String database) {
    assertThat(database).matches(Patterns.DATABASE_NAME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db",
        "_internal",
        "2024-sales",
        "my_db",
        "neo4j ",
        "a/b",
        "systemdb",
        "System2",
        "SYSTEM-copy",
        "system.",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void databaseRejectsWhatNeo4jRejects(String database) {
    assertThat(database).doesNotMatch(Patterns.DATABASE_NAME);
  }

  /**
   * Every name of up to 6 characters over an alphabet that spells {@code system} in both cases,
   * with a letter, a dot and a character Neo4j refuses besides: the pattern accepts exactly what
   * Neo4j 5.26 accepts (its DatabaseNameValidator, on the name lower-cased with {@code
   * Locale.ROOT}). Longer names starting with {@code system} are among the cases above.
   */
  @Test
  void databaseAgreesWithNeo4jsRulesOnEveryShortName() {
    char[] alphabet = "sSyYtTeEmMx._".toCharArray();
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Patterns.DATABASE_NAME);
    List<String> disagreements = new ArrayList<>();
    char[] name = new char[6];
    for (int length = 1; length <= name.length; length++) {
      int[] digits = new int[length];
      while (true) {
        for (int i = 0; i < length; i++) {
          name[i] = alphabet[digits[i]];
        }
        String candidate = new String(name, 0, length);
        if (pattern.matcher(candidate).matches() != neo4jAccepts(candidate)) {
          disagreements.add(candidate);
        }
        int i = length - 1;
        while (i >= 0 && ++digits[i] == alphabet.length) {
          digits[i--] = 0;
        }
        if (i < 0) {
          break;
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  private static final java.util.regex.Pattern NEO4J_CHARACTERS =
      java.util.regex.Pattern.compile("[a-z0-9.-]+");

  /** Neo4j 5.26's rules for a database name a user names (DatabaseNameValidator). */
  private static boolean neo4jAccepts(String name) {
    String normalized = name.toLowerCase(Locale.ROOT);
    return normalized.length() >= 3
        && normalized.length() <= 63
        && normalized.charAt(0) >= 'a'
        && normalized.charAt(0) <= 'z'
        && NEO4J_CHARACTERS.matcher(normalized).matches()
        && (normalized.equals("system") || !normalized.startsWith("system"));
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

  @ParameterizedTest
  @ValueSource(
      strings = {"30d", "12h", "90m", "45s", "1d12h", "1d30m", "2h30m15s", "0d", "999999d"})
  void durationAcceptsDaysHoursMinutesAndSecondsInThatOrder(String duration) {
    assertThat(duration).matches(Patterns.DURATION);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "30",
        "d",
        "1w",
        "1y",
        "30D",
        "12h1d",
        "1.5d",
        "-1d",
        "P30D",
        "30 d",
        "1000000d"
      })
  void durationRejectsOtherUnitsOrdersAndFormats(String duration) {
    assertThat(duration).doesNotMatch(Patterns.DURATION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"backups", "neo4j-backups.prod", "b01", "my.bucket-2"})
  void bucketAcceptsS3BucketNames(String bucket) {
    assertThat(bucket).matches(Patterns.BUCKET_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Backups", "-backups", "backups-", "my_bucket", "s3://backups", "a b"})
  void bucketRejectsUpperCaseUnderscoresAndEdgesThatAreNotLettersOrDigits(String bucket) {
    assertThat(bucket).doesNotMatch(Patterns.BUCKET_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"neo4j", "neo4j/prod", "neo4j/prod/chain-20260112T013000.000Z", ".a"})
  void prefixAcceptsRelativeKeyPrefixes(String prefix) {
    assertThat(prefix).matches(Patterns.OBJECT_PREFIX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/neo4j", "neo4j/", "neo4j//prod", "..", "neo4j/../prod", "./neo4j", ""})
  void prefixRejectsSlashesAtEitherEndEmptySegmentsAndEscapes(String prefix) {
    assertThat(prefix).doesNotMatch(Patterns.OBJECT_PREFIX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://s3proxy.storage:8080",
        "https://minio.storage.svc:9000",
        "https://s3.eu-west-1.amazonaws.com",
        "https://storage.example.com/s3"
      })
  void endpointAcceptsHttpAndHttpsUrls(String endpoint) {
    assertThat(endpoint).matches(Patterns.ENDPOINT_URL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"s3proxy:8080", "ftp://s3proxy", "https://", "https://a/b?x=1", "http://a b"})
  void endpointRejectsWhatIsNotAnHttpUrl(String endpoint) {
    assertThat(endpoint).doesNotMatch(Patterns.ENDPOINT_URL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chain-20260112T013000.123Z", "chain-20260112T013000Z"})
  void chainAcceptsChainNames(String chain) {
    assertThat(chain).matches(Patterns.CHAIN_NAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chain-2026", "neo4j/chain-20260112T013000Z", "chain-20260112T013000.1Z"})
  void chainRejectsPathsAndOtherTimes(String chain) {
    assertThat(chain).doesNotMatch(Patterns.CHAIN_NAME);
  }
}

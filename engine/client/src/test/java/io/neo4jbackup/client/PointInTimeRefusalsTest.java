package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore point outside a chain's window, or any earlier point of a backup made before chains
 * kept their base, is refused from the manifest alone, before a byte is written.
 */
class PointInTimeRefusalsTest {
  static final Instant FULL_COMMITTED = Instant.parse("2026-12-05T14:00:00.250Z");
  static final Instant LAST_COMMITTED = Instant.parse("2026-12-05T16:00:00.500Z");

  @TempDir Path work;

  static Manifest manifest(Manifest.Base base) {
    return new Manifest(
        base == null ? Manifest.NEWEST_STATE_ONLY_FORMAT : Manifest.FORMAT_VERSION,
        "test",
        "neo4j",
        new StoreIdentity(100, 7, "record", "aligned", 1, 1),
        "single://a",
        "a:6362",
        null,
        "5.26.30",
        BackupMode.INCREMENTAL,
        101,
        900,
        0,
        900,
        3,
        4096,
        LAST_COMMITTED,
        LAST_COMMITTED,
        0,
        1,
        null,
        null,
        base == null ? null : LAST_COMMITTED,
        base,
        base == null ? null : List.of());
  }

  Path backupWith(Manifest manifest) throws IOException {
    Path backup = work.resolve("chain");
    Files.createDirectories(backup.resolve("databases/neo4j"));
    manifest.writeTo(backup);
    return backup;
  }

  void assertRefusedBeforeWriting(Path backup, RestorePoint point, String... messageParts) {
    Path data = work.resolve("data");
    assertThatThrownBy(
            () -> new Restore(Clock.systemUTC()).restore(backup, data, null, false, point, false))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(BackupFailure.USAGE);
              assertThat(e.getMessage()).contains(messageParts);
            });
    assertThat(data).doesNotExist();
  }

  @Test
  void aTransactionOrInstantOutsideTheWindowIsRefusedWithTheWindow() throws IOException {
    Path backup = backupWith(manifest(new Manifest.Base(100, FULL_COMMITTED, 2, 800)));
    String window =
        "transactions 100 to 900 (committed 2026-12-05T14:00:00.250Z to 2026-12-05T16:00:00.500Z)";

    assertRefusedBeforeWriting(backup, RestorePoint.afterTransaction(99), "transaction 99", window);
    assertRefusedBeforeWriting(backup, RestorePoint.afterTransaction(901), window);
    assertRefusedBeforeWriting(
        backup, RestorePoint.at(FULL_COMMITTED.minusMillis(1)), "outside the recovery window");
    assertRefusedBeforeWriting(backup, RestorePoint.at(LAST_COMMITTED.plusMillis(1)), window);
  }

  @Test
  void aBackupMadeBeforeChainsKeptTheirBaseRestoresItsNewestStateOnly() throws IOException {
    Path backup = backupWith(manifest(null));

    assertRefusedBeforeWriting(
        backup,
        RestorePoint.afterTransaction(500),
        "holds only its newest state, transaction 900",
        "cannot restore transaction 500");
    assertRefusedBeforeWriting(backup, RestorePoint.at(LAST_COMMITTED), "newest state");
  }

  @Test
  void aManifestOfFormatOneReadsAsOneRunAndNoWindow() throws IOException {
    Path backup = work.resolve("old");
    Files.createDirectories(backup);
    Files.writeString(
        backup.resolve(Manifest.FILE_NAME),
        """
        {"formatVersion":1,"database":"neo4j","mode":"FULL","firstTxId":3,"lastTxId":40,
         "startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:01:00Z","bytes":10,
         "files":2}
        """);

    Manifest manifest = Manifest.readFrom(backup);

    assertThat(manifest.window()).isNull();
    assertThat(manifest.chainRuns())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.mode()).isEqualTo(BackupMode.FULL);
              assertThat(run.firstTxId()).isEqualTo(3);
              assertThat(run.lastTxId()).isEqualTo(40);
            });
  }

  @Test
  void aChainsManifestKeepsItsBaseRunsAndWindowThroughWritingAndReading() throws IOException {
    Manifest written =
        manifest(new Manifest.Base(100, FULL_COMMITTED, 2, 800))
            .withRuns(
                List.of(
                    new Manifest.Run(
                        BackupMode.FULL,
                        FULL_COMMITTED,
                        FULL_COMMITTED,
                        3,
                        100,
                        FULL_COMMITTED,
                        5,
                        7,
                        true)));
    Path backup = backupWith(written);

    Manifest read = Manifest.readFrom(backup);

    assertThat(read).isEqualTo(written);
    assertThat(read.window().firstTxId()).isEqualTo(100);
    assertThat(read.window().lastTime()).isEqualTo(LAST_COMMITTED);
  }
}

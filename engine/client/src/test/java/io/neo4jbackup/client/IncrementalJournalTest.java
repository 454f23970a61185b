package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.protocol.StoreIdentity;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A replay an interrupted run left is finished only into what the server said it sent. */
class IncrementalJournalTest {
  static final StoreIdentity STORE = new StoreIdentity(100, 7, "record", "aligned", 1, 1);
  static final Path BACKUP = Path.of("/backups/neo4j");
  static final Manifest MANIFEST =
      new Manifest(
          Manifest.FORMAT_VERSION,
          "test",
          "neo4j",
          STORE,
          "single://a",
          "a:6362",
          "c",
          "5",
          BackupMode.FULL,
          1,
          50,
          0,
          50,
          0,
          1000,
          Instant.EPOCH,
          Instant.EPOCH,
          0,
          0,
          null,
          null);
  static final IncrementalJournal REPLAYING =
      new IncrementalJournal(
              IncrementalJournal.State.TRANSFERRING,
              0,
              1000,
              "single://a",
              "a:6362",
              "5",
              Instant.EPOCH,
              null)
          .replaying(80);

  @Test
  void aReplayThatEndsWhereTheServerSaidIsABackup() {
    assertThatCode(
            () ->
                REPLAYING.checkReplayed(
                    new StoreRecovery.RecoveredStore(STORE, 80, 0, 80), MANIFEST, BACKUP))
        .doesNotThrowAnyException();
  }

  @Test
  void aReplayThatEndsElsewhereIsNeverMadeABackup() {
    assertThatThrownBy(
            () ->
                REPLAYING.checkReplayed(
                    new StoreRecovery.RecoveredStore(STORE, 75, 0, 75), MANIFEST, BACKUP))
        .hasMessageContaining("end at append index 75, not at 80 as the server said")
        .hasMessageContaining("cannot be trusted as a backup");
  }

  @Test
  void aReplayOfAnotherStoreIsNeverMadeABackup() {
    StoreIdentity other = new StoreIdentity(200, 9, "record", "aligned", 1, 1);
    assertThatThrownBy(
            () ->
                REPLAYING.checkReplayed(
                    new StoreRecovery.RecoveredStore(other, 80, 0, 80), MANIFEST, BACKUP))
        .hasMessageContaining("are of store c8-9, not the backup's 64-7");
  }
}

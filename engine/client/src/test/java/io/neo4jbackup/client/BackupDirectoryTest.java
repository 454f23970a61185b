package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupDirectoryTest {
  @TempDir Path parent;

  private Path target() {
    return parent.resolve("backup");
  }

  private static void fakeBackup(Path directory, String marker) throws IOException {
    Files.createDirectories(directory.resolve("databases/neo4j"));
    Files.writeString(directory.resolve("databases/neo4j/neostore"), marker);
    Files.writeString(
        directory.resolve(Manifest.FILE_NAME), "{\"formatVersion\":1,\"database\":\"neo4j\"}");
  }

  private static String marker(Path directory) throws IOException {
    return Files.readString(directory.resolve("databases/neo4j/neostore"));
  }

  @Test
  void anAbsentTargetIsReplacedByTheStagedBackupInOneRename() throws IOException {
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      assertThat(directory.existingBackup()).isNull();
      fakeBackup(directory.createStaging(), "new");
      directory.publishStaging();
    }
    assertThat(marker(target())).isEqualTo("new");
    assertThat(parent.resolve(".backup.staging")).doesNotExist();
  }

  @Test
  void anEarlierBackupIsReplacedOnlyWhenTheNewOneIsPublished() throws IOException {
    fakeBackup(target(), "old");
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      assertThat(directory.existingBackup()).isNotNull();
      fakeBackup(directory.createStaging(), "new");
      assertThat(marker(target())).isEqualTo("old");
      directory.publishStaging();
    }
    assertThat(marker(target())).isEqualTo("new");
    assertThat(parent.resolve(".backup.previous")).doesNotExist();
  }

  @Test
  void aDiscardedStagingLeavesTheEarlierBackupAsItWas() throws IOException {
    fakeBackup(target(), "old");
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      fakeBackup(directory.createStaging(), "half");
      directory.discardStaging();
    }
    assertThat(marker(target())).isEqualTo("old");
    assertThat(parent.resolve(".backup.staging")).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNotABackupIsRefusedAndLeftAlone() throws IOException {
    Files.createDirectories(target());
    Files.writeString(target().resolve("precious.txt"), "mine");
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      assertThatThrownBy(directory::existingBackup)
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageContaining("not a backup made by neo4j-backup");
    }
    assertThat(target().resolve("precious.txt")).hasContent("mine");
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsRefused() throws IOException {
    Files.writeString(target(), "a file");
    assertThatThrownBy(() -> BackupDirectory.open(target()))
        .hasMessageContaining("exists and is not a directory");
  }

  @Test
  void aSecondHolderIsRefusedWhileTheFirstHoldsTheLock() {
    try (BackupDirectory first = BackupDirectory.open(target())) {
      assertThatThrownBy(() -> BackupDirectory.open(target()))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY))
          .hasMessageContaining("another neo4j-backup is using");
    }
    BackupDirectory.open(target()).close();
  }

  @Test
  void aStagingLeftByAKilledRunIsDeletedAndTheBackupKept() throws IOException {
    fakeBackup(target(), "old");
    fakeBackup(parent.resolve(".backup.staging"), "half");
    Files.delete(parent.resolve(".backup.staging").resolve(Manifest.FILE_NAME));
    BackupDirectory.open(target()).close();
    assertThat(marker(target())).isEqualTo("old");
    assertThat(parent.resolve(".backup.staging")).doesNotExist();
  }

  @Test
  void aPublishKilledBetweenItsRenamesIsCompletedWhenTheNewBackupWasComplete() throws IOException {
    fakeBackup(parent.resolve(".backup.previous"), "old");
    fakeBackup(parent.resolve(".backup.staging"), "new");
    BackupDirectory.open(target()).close();
    assertThat(marker(target())).isEqualTo("new");
    assertThat(parent.resolve(".backup.previous")).doesNotExist();
  }

  @Test
  void aPublishKilledBeforeTheNewBackupWasCompleteIsRolledBack() throws IOException {
    fakeBackup(parent.resolve(".backup.previous"), "old");
    Files.createDirectories(parent.resolve(".backup.staging/databases"));
    BackupDirectory.open(target()).close();
    assertThat(marker(target())).isEqualTo("old");
    assertThat(parent.resolve(".backup.previous")).doesNotExist();
    assertThat(parent.resolve(".backup.staging")).doesNotExist();
  }

  @Test
  void aPublishKilledAfterItsSecondRenameOnlyLosesTheOldCopy() throws IOException {
    fakeBackup(target(), "new");
    fakeBackup(parent.resolve(".backup.previous"), "old");
    BackupDirectory.open(target()).close();
    assertThat(marker(target())).isEqualTo("new");
    assertThat(parent.resolve(".backup.previous")).doesNotExist();
  }

  @Test
  void aTargetInsideAnExistingBackupIsRefusedAndNothingIsWrittenThere() throws IOException {
    fakeBackup(target(), "old");
    for (Path inside : List.of(target().resolve("databases/other"), target().resolve("sub/dir"))) {
      assertThatThrownBy(() -> BackupDirectory.open(inside))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessage(
              inside
                  + " is inside the backup "
                  + target()
                  + ": a backup never goes inside another one; choose a directory outside it");
    }
    assertThat(target().resolve("sub")).doesNotExist();
    assertThat(target().resolve("databases/.other.lock")).doesNotExist();
  }

  @Test
  void aTargetHoldingABackupInsideItIsRefusedNamingIt() throws IOException {
    fakeBackup(target().resolve("prod"), "theirs");
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      assertThatThrownBy(directory::existingBackup)
          .hasMessage(
              target()
                  + " holds the backup "
                  + target().resolve("prod")
                  + " inside it: a backup never goes around another one; choose a new or empty"
                  + " directory");
    }
    assertThat(marker(target().resolve("prod"))).isEqualTo("theirs");
  }

  @Test
  void aTargetNamedLikeTheFilesKeptBesideAnotherBackupIsRefused() throws IOException {
    fakeBackup(target(), "old");
    for (String name :
        List.of(
            ".backup.staging",
            ".backup.previous",
            ".backup.lock",
            "backup-consistency-report-20261205T140000Z")) {
      assertThatThrownBy(() -> BackupDirectory.open(parent.resolve(name)))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
          .hasMessageContaining("is named like the files neo4j-backup keeps beside a backup");
    }
    assertThat(marker(target())).isEqualTo("old");
    assertThat(parent.resolve(".backup.staging")).doesNotExist();
  }

  @Test
  void aDirectoryOfSomeoneElseWhereTheStagingGoesIsNeverDeleted() throws IOException {
    Files.createDirectories(parent.resolve(".backup.staging"));
    Files.writeString(parent.resolve(".backup.staging/precious.txt"), "mine");
    assertThatThrownBy(() -> BackupDirectory.open(target()))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageContaining("precious.txt, which a backup made by neo4j-backup does not hold");
    assertThat(parent.resolve(".backup.staging/precious.txt")).hasContent("mine");
  }

  @Test
  void aDirectoryOfSomeoneElseWhereThePreviousCopyGoesIsNeverDeleted() throws IOException {
    fakeBackup(target(), "old");
    Files.createDirectories(parent.resolve(".backup.previous"));
    Files.writeString(parent.resolve(".backup.previous/precious.txt"), "mine");
    assertThatThrownBy(() -> BackupDirectory.open(target()))
        .hasMessageContaining("holds no backup; it was not made by neo4j-backup: move it away");
    assertThat(parent.resolve(".backup.previous/precious.txt")).hasContent("mine");
    assertThat(marker(target())).isEqualTo("old");
  }

  @Test
  void aBackupHoldingFilesItDidNotMakeIsNeverReplaced() throws IOException {
    fakeBackup(target(), "old");
    Files.createDirectories(target().resolve("notes"));
    Files.writeString(target().resolve("notes/precious.txt"), "mine");
    try (BackupDirectory directory = BackupDirectory.open(target())) {
      assertThatThrownBy(directory::checkReplaceable)
          .hasMessageContaining(target().resolve("notes").toString())
          .hasMessageContaining("refusing replacing it with the new backup");
      fakeBackup(directory.createStaging(), "new");
      assertThatThrownBy(directory::publishStaging).isInstanceOf(BackupException.class);
    }
    assertThat(marker(target())).isEqualTo("old");
    assertThat(target().resolve("notes/precious.txt")).hasContent("mine");
  }

  @Test
  void deletingABackupRemovesItAndWhatTheToolKeptBesideItOnly() throws IOException {
    fakeBackup(target(), "old");
    fakeBackup(parent.resolve(".backup.previous"), "older");
    Files.createDirectories(parent.resolve("backup-consistency-report-20261205T140000Z"));
    Files.createDirectories(parent.resolve("backup-2"));
    BackupDirectory.open(target()).close(); // leaves its lock file, as every run does
    fakeBackup(parent.resolve(".backup.previous"), "older");

    List<Path> deleted = BackupDirectory.delete(target());

    assertThat(deleted)
        .containsExactlyInAnyOrder(
            target(),
            parent.resolve(".backup.previous"),
            parent.resolve("backup-consistency-report-20261205T140000Z"));
    try (var left = Files.list(parent)) {
      assertThat(left)
          .as("the neighbour, and the empty lock file, which stays so that no two runs lock apart")
          .containsExactlyInAnyOrder(parent.resolve("backup-2"), parent.resolve(".backup.lock"));
    }
    assertThat(parent.resolve(".backup.lock")).isEmptyFile();
  }

  @Test
  void deletingRefusesWhatIsNotABackupAndDeletesNothing() throws IOException {
    Files.createDirectories(target());
    Files.writeString(target().resolve("precious.txt"), "mine");
    assertThatThrownBy(() -> BackupDirectory.delete(target()))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET));
    assertThat(target().resolve("precious.txt")).hasContent("mine");
  }

  @Test
  void aChainsBaseIsPartOfTheBackupAndAnythingElseInItIsNot() throws IOException {
    fakeBackup(target(), "old");
    Files.createDirectories(target().resolve("base/databases/neo4j"));
    Files.createDirectories(target().resolve("base/transactions/neo4j"));
    Files.writeString(target().resolve("base/notes.txt"), "mine");

    assertThatThrownBy(() -> BackupDirectory.delete(target()))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(BackupFailure.TARGET);
              assertThat(e.getMessage()).contains("notes.txt");
            });
    assertThat(target().resolve("base/notes.txt")).hasContent("mine");

    Files.delete(target().resolve("base/notes.txt"));
    assertThat(BackupDirectory.delete(target())).contains(target());
    assertThat(target()).doesNotExist();
  }

  @Test
  void deletingIsRefusedWhileABackupWritesOrARestoreReads() throws IOException {
    fakeBackup(target(), "old");
    try (BackupDirectory writing = BackupDirectory.open(target())) {
      assertThatThrownBy(() -> BackupDirectory.delete(target()))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY));
    }
    try (BackupDirectory reading = BackupDirectory.openForReading(target())) {
      assertThatThrownBy(() -> BackupDirectory.delete(target()))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY));
    }
    assertThat(marker(target())).isEqualTo("old");
    assertThat(BackupDirectory.delete(target())).contains(target());
    assertThat(target()).doesNotExist();
  }

  @Test
  void deletingAnAbsentBackupDeletesNothingElse() throws IOException {
    Files.createDirectories(parent.resolve("neighbour"));
    assertThat(BackupDirectory.delete(target())).isEmpty();
    assertThat(parent.resolve("neighbour")).exists();
  }

  @Test
  void aReaderKeepsWritersOutAndAWriterKeepsReadersOut() throws IOException {
    fakeBackup(target(), "old");
    try (BackupDirectory reading = BackupDirectory.openForReading(target())) {
      assertThatThrownBy(() -> BackupDirectory.open(target()))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY));
    }
    try (BackupDirectory writing = BackupDirectory.open(target())) {
      assertThatThrownBy(() -> BackupDirectory.openForReading(target()))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY));
    }
  }
}

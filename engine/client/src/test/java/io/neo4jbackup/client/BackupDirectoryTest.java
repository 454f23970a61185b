package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
          .hasMessageContaining("another backup is running into");
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
}

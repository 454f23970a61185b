package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {
  @TempDir Path work;

  @Test
  void aNewWorkDirectoryIsCreatedWithItsMarker() {
    Path directory = WorkDirectory.claim(work.resolve("s3-0123456789abcdef"));

    assertThat(directory).isDirectory();
    assertThat(WorkDirectory.isMarked(directory)).isTrue();
  }

  @Test
  void anEmptyDirectoryOfThatNameIsTakenOver() throws Exception {
    Path directory = Files.createDirectories(work.resolve("s3-0123456789abcdef"));

    WorkDirectory.claim(directory);

    assertThat(WorkDirectory.isMarked(directory)).isTrue();
  }

  @Test
  void theEnginesOwnDirectoryIsEmptiedButKeepsItsMarker() throws Exception {
    Path directory = WorkDirectory.claim(work.resolve("s3-0123456789abcdef"));
    Files.createDirectories(directory.resolve("backup/databases"));
    Files.writeString(directory.resolve("pending.json"), "{}");

    WorkDirectory.claim(directory);

    try (var entries = Files.list(directory)) {
      assertThat(entries).containsExactly(directory.resolve(WorkDirectory.MARKER));
    }
  }

  @Test
  void aDirectoryOfThatNameWithFilesTheEngineDidNotMakeIsRefusedAndLeftAsItWas() throws Exception {
    Path directory = Files.createDirectories(work.resolve("s3-0123456789abcdef"));
    Path theirs = Files.writeString(directory.resolve("notes.txt"), "someone else's");

    assertThatThrownBy(() -> WorkDirectory.claim(directory))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("did not make")
        .hasMessageContaining("another -work");
    assertThat(theirs).hasContent("someone else's");
    assertThat(WorkDirectory.isMarked(directory)).isFalse();
  }

  @Test
  void aFileOfThatNameIsRefusedAndLeftAsItWas() throws Exception {
    Path file = Files.writeString(work.resolve("s3-0123456789abcdef"), "someone else's");

    assertThatThrownBy(() -> WorkDirectory.claim(file)).isInstanceOf(BackupException.class);
    assertThat(file).hasContent("someone else's");
  }

  @Test
  void deletingLeavesADirectoryTheEngineDidNotMake() throws Exception {
    Path directory = Files.createDirectories(work.resolve("s3-0123456789abcdef"));
    Path theirs = Files.writeString(directory.resolve("notes.txt"), "someone else's");

    WorkDirectory.deleteQuietly(directory);
    WorkDirectory.clearExcept(directory, null);

    assertThat(theirs).hasContent("someone else's");
  }

  @Test
  void deletingRemovesTheEnginesDirectoryWhole() throws Exception {
    Path directory = WorkDirectory.create(work, "neo4j-backup-s3-");
    Files.createDirectories(directory.resolve("backup/databases/neo4j"));
    Files.writeString(directory.resolve("backup/databases/neo4j/neostore"), "store");

    WorkDirectory.deleteQuietly(directory);

    assertThat(directory).doesNotExist();
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void clearingKeepsTheKeptCopyAndTheMarker() throws Exception {
    Path directory = WorkDirectory.claim(work.resolve("s3-0123456789abcdef"));
    Path kept = Files.createDirectories(directory.resolve("chain-20261206T100000Z"));
    Files.writeString(kept.resolve("manifest.json"), "{}");
    Files.createDirectories(directory.resolve("segment-1"));

    WorkDirectory.clearExcept(directory, kept);

    assertThat(kept.resolve("manifest.json")).exists();
    assertThat(directory.resolve("segment-1")).doesNotExist();
    assertThat(WorkDirectory.isMarked(directory)).isTrue();
  }

  @Test
  void whileOneRunHoldsAWorkDirectoryAnotherIsRefusedAsBusyAndMayHoldItAfterwards() {
    Path directory = work.resolve("s3-0123456789abcdef");

    try (WorkDirectory.Hold first = WorkDirectory.hold(directory)) {
      assertThatThrownBy(() -> WorkDirectory.hold(directory))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY))
          .hasMessageContaining(directory.toString())
          .hasMessageContaining("another -work");
    }
    try (WorkDirectory.Hold next = WorkDirectory.hold(directory)) {
      assertThat(work.resolve("s3-0123456789abcdef.lock")).exists();
    }
  }

  @Test
  void holdingAnotherLocationsDirectoryIsNotHeldUp() {
    try (WorkDirectory.Hold one = WorkDirectory.hold(work.resolve("s3-0123456789abcdef"));
        WorkDirectory.Hold other = WorkDirectory.hold(work.resolve("s3-fedcba9876543210"))) {
      assertThat(work.resolve("s3-fedcba9876543210.lock")).exists();
    }
  }
}

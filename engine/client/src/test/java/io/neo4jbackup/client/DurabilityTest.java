package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Message;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every directory entry the engine makes is forced to disk before anything names it. */
class DurabilityTest {
  @TempDir Path work;
  final List<Path> forced = new CopyOnWriteArrayList<>();

  @BeforeEach
  void watch() {
    Durability.observer = forced::add;
  }

  @AfterEach
  void stopWatching() {
    Durability.observer = path -> {};
  }

  @Test
  void anIncrementalThatStartsANewLogFileForcesTheLogDirectoryBeforeItReportsSuccess()
      throws IOException {
    Path logs = Files.createDirectories(work.resolve("transactions/neo4j"));
    Files.write(logs.resolve("neostore.transaction.db.0"), new byte[10]);
    IncrementalReceiver receiver =
        new IncrementalReceiver(
            new BackupUri.Member("a", BackupUri.HostKind.NAME, 6362), logs, 0, Progress.NONE);
    byte[] data = {1, 2, 3};
    receiver.onMessage(
        new Message.IncrementalBegin(
            new io.neo4jbackup.protocol.StoreIdentity(1, 2, "record", "aligned", 1, 1),
            "c",
            51,
            52));
    receiver.onMessage(new Message.LogAppendBegin(1, 0));
    receiver.onMessage(
        new Message.FileChunk(
            io.neo4jbackup.protocol.Checksums.crc32c(Unpooled.wrappedBuffer(data)),
            Unpooled.wrappedBuffer(data)));
    receiver.onMessage(new Message.FileEnd(3));
    assertThat(forced).doesNotContain(logs);

    receiver.onMessage(new Message.BackupEnd(52, 1, 3));

    assertThat(forced).containsSubsequence(logs.resolve("neostore.transaction.db.1"), logs);
  }

  @Test
  void aNewStagingDirectoryIsForcedIntoItsParent() {
    try (BackupDirectory directory = BackupDirectory.open(work.resolve("backups/neo4j"))) {
      assertThat(forced).containsExactly(work); // where the new "backups" was created
      forced.clear();
      directory.createStaging();
    }
    assertThat(forced).containsExactly(work.resolve("backups"));
  }

  @Test
  void aRestoreForcesEveryDirectoryItCreatesAndRenamesInto() throws IOException {
    Path backup = work.resolve("backup");
    Files.createDirectories(backup.resolve("databases/neo4j"));
    Files.writeString(backup.resolve("databases/neo4j/neostore"), "store");
    Files.createDirectories(backup.resolve("transactions/neo4j"));
    Files.write(backup.resolve("transactions/neo4j/neostore.transaction.db.0"), new byte[8]);
    new Manifest(
            Manifest.FORMAT_VERSION,
            "test",
            "neo4j",
            null,
            "single://a",
            "a:6362",
            "c",
            "5",
            BackupMode.FULL,
            1,
            5,
            0,
            5,
            0,
            8,
            null,
            null,
            0,
            0,
            null,
            null)
        .writeTo(backup);
    Path data = work.resolve("new-server/data");

    new Restore(Clock.systemUTC()).restore(backup, data, null, true);

    assertThat(forced)
        .contains(work, work.resolve("new-server"), data)
        .containsSubsequence(
            data.resolve("databases/.neo4j-backup-restoring-neo4j"),
            data.resolve("transactions/.neo4j-backup-restoring-neo4j"),
            data.resolve("databases"),
            data.resolve("transactions"));
    assertThat(data.resolve("databases/neo4j/neostore")).hasContent("store");
  }
}

package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.StoreIdentity;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an incremental may append: the backup's last log, continued where it ends, then newer logs
 * in order. A failed run is rolled back by cutting the last log and deleting newer ones, so an
 * older log must never change.
 */
class IncrementalReceiverTest {
  static final BackupUri.Member SERVER = new BackupUri.Member("a", BackupUri.HostKind.NAME, 6362);

  @TempDir Path logs;
  IncrementalReceiver receiver;

  @BeforeEach
  void aBackupWhoseLogsEndInLogSeven() throws IOException {
    Files.write(logs.resolve("neostore.transaction.db.6"), new byte[100]);
    Files.write(logs.resolve("neostore.transaction.db.7"), new byte[10]);
    receiver = new IncrementalReceiver(SERVER, logs, 7, Progress.NONE);
    receiver.onMessage(
        new Message.IncrementalBegin(
            new StoreIdentity(1, 2, "record", "aligned", 1, 1), "c", 51, 52));
  }

  static Message.FileChunk chunk(byte... data) {
    return new Message.FileChunk(
        Checksums.crc32c(Unpooled.wrappedBuffer(data)), Unpooled.wrappedBuffer(data));
  }

  @Test
  void anOlderLogIsNeverAppendedTo() throws IOException {
    assertThatThrownBy(() -> receiver.onMessage(new Message.LogAppendBegin(6, 100)))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.PROTOCOL))
        .hasMessageContaining(
            "sent log data for transaction log 6, but the backup's logs end in log 7");
    assertThat(Files.size(logs.resolve("neostore.transaction.db.6"))).isEqualTo(100);
  }

  @Test
  void theLastLogIsContinuedThenNewerOnesStartInOrder() throws IOException {
    receiver.onMessage(new Message.LogAppendBegin(7, 10));
    receiver.onMessage(chunk((byte) 1));
    receiver.onMessage(new Message.FileEnd(1));
    receiver.onMessage(new Message.LogAppendBegin(8, 0));
    receiver.onMessage(chunk((byte) 2, (byte) 3));
    receiver.onMessage(new Message.FileEnd(2));

    assertThatThrownBy(() -> receiver.onMessage(new Message.LogAppendBegin(8, 2)))
        .hasMessageContaining("and log 8 was sent already");
    assertThat(Files.size(logs.resolve("neostore.transaction.db.7"))).isEqualTo(11);
    assertThat(Files.size(logs.resolve("neostore.transaction.db.8"))).isEqualTo(2);
  }
}

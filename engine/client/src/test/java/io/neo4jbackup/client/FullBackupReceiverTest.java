package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.StoreIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full backup writes every store file twice as it arrives: into the store recovery moves on, and
 * with the same bytes into the chain's base; the logs and checkpoints only once. A stream that
 * fails leaves no base behind.
 */
@Timeout(60)
class FullBackupReceiverTest {
  static final BackupUri.Member SERVER = new BackupUri.Member("a", BackupUri.HostKind.NAME, 6362);
  static final StoreIdentity STORE = new StoreIdentity(100, 7, "record", "aligned", 1, 1);

  @TempDir Path work;
  FakeBackupServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Bytes that are not all zeros, then a run of zeros (left as a hole), then more bytes. */
  static byte[] storeBytes(int seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    int zeros = Math.min(length / 2, BackgroundWriter.BUFFER_BYTES + 1000);
    java.util.Arrays.fill(bytes, length / 4, length / 4 + zeros, (byte) 0);
    return bytes;
  }

  /** The messages of one file, in chunks of at most 1 MiB. */
  static void sendFile(Consumer<Message> send, FileKind kind, String name, byte[] bytes) {
    send.accept(new Message.FileBegin(kind, name));
    for (int at = 0; at < bytes.length; at += 1 << 20) {
      ByteBuf chunk = Unpooled.wrappedBuffer(bytes, at, Math.min(1 << 20, bytes.length - at));
      send.accept(new Message.FileChunk(Checksums.crc32c(chunk), chunk));
    }
    send.accept(new Message.FileEnd(bytes.length));
  }

  static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(path).toString(), Files.readAllBytes(path));
      }
    }
    return files;
  }

  @Test
  void everyStoreFileIsWrittenIntoTheBaseWithTheSameBytesAndNoLogIs() throws IOException {
    Path staging = Files.createDirectories(work.resolve(".backup.staging"));
    FullBackupReceiver receiver = new FullBackupReceiver(SERVER, staging, "neo4j", Progress.NONE);
    Map<String, byte[]> store =
        Map.of(
            "neostore.nodestore.db", storeBytes(1, 3 * BackgroundWriter.BUFFER_BYTES + 12345),
            "neostore", storeBytes(2, 8192),
            "neostore.counts.db", new byte[0],
            "schema/index/range-1.0/3/index-3", storeBytes(3, 70_000));
    byte[] log = storeBytes(4, 100_000);
    byte[] checkpoints = storeBytes(5, 192);
    Consumer<Message> send = receiver::onMessage;
    long bytes = log.length + checkpoints.length;

    send.accept(new Message.BackupBegin(STORE, "neo4j", "c", 10, 10));
    for (Map.Entry<String, byte[]> file : new TreeMap<>(store).entrySet()) {
      sendFile(send, FileKind.STORE, file.getKey(), file.getValue());
      bytes += file.getValue().length;
    }
    sendFile(send, FileKind.TRANSACTION_LOG, "checkpoint.0", checkpoints);
    sendFile(send, FileKind.TRANSACTION_LOG, "neostore.transaction.db.0", log);
    Message answer = receiver.onMessage(new Message.BackupEnd(20, store.size() + 2, bytes));

    assertThat(answer).isInstanceOf(Message.BackupEnd.class);
    Map<String, byte[]> written = files(staging.resolve("databases/neo4j"));
    Map<String, byte[]> base = files(ChainBase.storeDirectory(staging, "neo4j"));
    assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(store.keySet());
    assertThat(base.keySet()).containsExactlyInAnyOrderElementsOf(store.keySet());
    for (String name : store.keySet()) {
      assertThat(written.get(name)).as(name).isEqualTo(store.get(name));
      assertThat(base.get(name)).as("the base's " + name).isEqualTo(store.get(name));
    }
    assertThat(files(staging.resolve("transactions/neo4j")).keySet())
        .containsExactlyInAnyOrder("checkpoint.0", "neostore.transaction.db.0");
    assertThat(files(staging.resolve("base")).keySet())
        .as("the base's checkpoints are kept later, right before recovery; logs never")
        .allMatch(name -> name.startsWith("databases/"));
  }

  @Test
  void aStreamThatBreaksOffLeavesNoStagingAndSoNoBase() throws IOException {
    byte[] big = storeBytes(6, 2 * BackgroundWriter.BUFFER_BYTES + 99);
    server =
        FakeBackupServer.start(
            (ctx, message) -> {
              if (message instanceof Message.Hello) {
                ctx.writeAndFlush(new Message.Hello(Protocol.VERSION));
              } else if (message instanceof Message.InfoRequest info) {
                ctx.writeAndFlush(new Message.ServerInfo(STORE, info.database(), "c", 50, "5.26"));
              } else if (message instanceof Message.FullBackupRequest) {
                breakOffAfterAFileAndAHalf(ctx, big);
              }
            });
    Path target = work.resolve("backups/neo4j");

    BackupException failed =
        catchThrowableOfType(
            () ->
                OnlineBackup.from("single://" + server.member())
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .full(target),
            BackupException.class);

    assertThat(failed.failure()).isEqualTo(BackupFailure.CONNECTION);
    try (Stream<Path> left = Files.walk(work.resolve("backups"))) {
      assertThat(left.map(work::relativize).map(Path::toString))
          .as("nothing of the staging, its base included, is left")
          .allMatch(name -> !name.contains("staging") && !name.contains("base"));
    }
    assertThat(target).doesNotExist();
  }

  private static void breakOffAfterAFileAndAHalf(ChannelHandlerContext ctx, byte[] big) {
    ctx.write(new Message.BackupBegin(STORE, "neo4j", "c", 10, 10));
    sendFile(ctx::write, FileKind.STORE, "neostore", storeBytes(7, 8192));
    ctx.write(new Message.FileBegin(FileKind.STORE, "neostore.nodestore.db"));
    for (int at = 0; at < big.length / 2; at += 1 << 19) {
      ByteBuf chunk = Unpooled.wrappedBuffer(big, at, 1 << 19);
      ctx.write(new Message.FileChunk(Checksums.crc32c(chunk), chunk));
    }
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> ctx.close());
  }
}

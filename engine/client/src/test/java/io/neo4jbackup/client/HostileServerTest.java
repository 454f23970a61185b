package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A malicious server (a small Netty server in the test) answers a full backup request with file
 * names meant to escape the staging directory, oversized or unknown frames: the client refuses each
 * with a clear error and writes nothing outside the directory it is building.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HostileServerTest {
  static final StoreIdentity STORE = new StoreIdentity(1, 2, "record", "aligned", 1, 1);

  @TempDir Path work;
  Path staging;
  Path outside;
  FakeBackupServer server;
  BackupUri.Member member;

  @BeforeEach
  void layOut() throws IOException {
    staging = Files.createDirectories(work.resolve("target/.backup.staging"));
    outside = Files.createDirectories(work.resolve("outside"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Starts the fake server: a real handshake, then {@code script} in reply to a full backup. */
  void serve(Consumer<ChannelHandlerContext> script) {
    server =
        FakeBackupServer.start(
            (ctx, message) -> {
              if (message instanceof Message.Hello) {
                ctx.writeAndFlush(new Message.Hello(Protocol.VERSION));
              } else if (message instanceof Message.FullBackupRequest) {
                ctx.write(new Message.BackupBegin(STORE, "neo4j", "evil", 1, 1));
                script.accept(ctx);
                ctx.flush();
              }
            });
    member = server.member();
  }

  /** A file of {@code kind} named {@code name}, holding "pwned". */
  static Consumer<ChannelHandlerContext> file(FileKind kind, String name) {
    return ctx -> {
      ByteBuf data = Unpooled.copiedBuffer("pwned", StandardCharsets.US_ASCII);
      ctx.write(new Message.FileBegin(kind, name));
      ctx.write(new Message.FileChunk(Checksums.crc32c(data), data));
      ctx.write(new Message.FileEnd(5));
      ctx.write(new Message.BackupEnd(1, 1, 5));
    };
  }

  BackupException fullBackupFails() {
    try (BackupClient client =
        BackupClient.connect(
            member, new BackupClient.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)))) {
      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> client.fullBackup("neo4j", staging, Progress.NONE));
      assertThat(thrown).isInstanceOf(BackupException.class);
      return (BackupException) thrown;
    }
  }

  /** Every file under the work directory that is not inside the staging directory. */
  List<Path> writtenOutsideStaging() throws IOException {
    try (Stream<Path> files = Files.walk(work)) {
      return files.filter(Files::isRegularFile).filter(file -> !file.startsWith(staging)).toList();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../escaped",
        "../../../escaped",
        "../../../../outside/escaped",
        "schema/../../../../escaped",
        "..",
        "./escaped",
        "a//escaped",
        "..\\\\..\\\\escaped",
        "escaped\\u0000.txt"
      })
  void namesThatClimbOutAreRefused(String name) throws IOException {
    serve(file(FileKind.STORE, name));
    BackupException failure = fullBackupFails();
    assertThat(failure.failure()).isEqualTo(BackupFailure.PROTOCOL);
    assertThat(failure).hasMessageContaining("sent the file name").hasMessageContaining("refused");
    assertThat(writtenOutsideStaging()).isEmpty();
  }

  @Test
  void anAbsoluteNameIsRefused() throws IOException {
    serve(file(FileKind.TRANSACTION_LOG, outside.resolve("escaped").toString()));
    assertThat(fullBackupFails())
        .hasMessageContaining(
            "'" + outside.resolve("escaped") + "', which is not a plain relative");
    assertThat(writtenOutsideStaging()).isEmpty();
  }

  @Test
  void aNameThroughASymbolicLinkIsRefused() throws IOException {
    Path store = Files.createDirectories(staging.resolve("databases/neo4j"));
    Files.createSymbolicLink(store.resolve("schema"), outside);
    serve(file(FileKind.STORE, "schema/escaped"));
    assertThat(fullBackupFails()).hasMessageContaining("leads through the symbolic link");
    assertThat(writtenOutsideStaging()).isEmpty();
  }

  @Test
  void aFrameLongerThanTheMaximumIsRefusedBeforeItIsBuffered() {
    serve(
        ctx ->
            ctx.write(
                Unpooled.buffer()
                    .writeInt(Protocol.MAX_FRAME_LENGTH + 1)
                    .writeByte(0x84)
                    .writeZero(64)));
    assertThat(fullBackupFails())
        .hasMessageContaining(
            "sent malformed data: frame longer than the maximum of 1048640 bytes");
  }

  @Test
  void anUnknownFrameTypeIsNamed() {
    serve(ctx -> ctx.write(Unpooled.buffer().writeInt(3).writeByte(0x42).writeShort(7)));
    BackupException failure = fullBackupFails();
    assertThat(failure.failure()).isEqualTo(BackupFailure.PROTOCOL);
    assertThat(failure).hasMessageContaining("unknown frame type 0x42");
  }
}

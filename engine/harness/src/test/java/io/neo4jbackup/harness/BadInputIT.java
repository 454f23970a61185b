package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.FileKind;
import io.neo4jbackup.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets an error that names the problem, and an earlier backup in the target
 * directory stays exactly as it was, with nothing half-written beside it.
 */
class BadInputIT {
  @TempDir static Path work;
  static Neo4jServer server;
  static Path golden;
  static int targets;

  @BeforeAll
  static void startServerAndTakeAGoodBackup() {
    server = Neo4jServer.start(work.resolve("neo4j"));
    try (ChainWriter writer = ChainWriter.start(server.driver())) {
      org.awaitility.Awaitility.await().until(() -> writer.committed() >= 50);
    }
    golden = work.resolve("golden");
    OnlineBackup.from(server.backupUri()).full(golden);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  /** A fresh target directory holding a copy of the good backup, in its own parent. */
  static Path earlierBackup() {
    Path target = work.resolve("case-" + ++targets).resolve("backup");
    Directories.copy(golden, target);
    return target;
  }

  /**
   * Runs {@code backup} into an earlier backup and checks it fails as said, leaving that backup as
   * it was.
   */
  static void assertFailsAndKeepsEarlierBackup(
      Function<Path, ThrowingCallable> backup, BackupFailure failure, String... messageParts) {
    Path target = earlierBackup();
    Map<String, String> before = Trees.fingerprint(target);
    assertThatThrownBy(backup.apply(target))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure))
        .hasMessageContainingAll(messageParts);
    assertThat(Trees.fingerprint(target)).isEqualTo(before);
    assertThat(Trees.list(target.getParent())).containsExactlyInAnyOrder("backup", ".backup.lock");
  }

  /**
   * A full backup from {@code uri} that may replace the earlier backup (the servers played by these
   * tests serve a store of their own): whatever fails, the earlier backup must stay.
   */
  static ThrowingCallable fullFrom(String uri, Path target) {
    return () ->
        OnlineBackup.from(uri)
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .replace(true)
            .full(target);
  }

  @Test
  void anUnknownHostIsNamed() {
    assertFailsAndKeepsEarlierBackup(
        target -> fullFrom("single://no-such-host.invalid", target),
        BackupFailure.CONNECTION,
        "unknown host 'no-such-host.invalid'");
  }

  @Test
  void aRefusedConnectionSaysNoBackupServiceListens() throws IOException {
    int port = Neo4jServer.freePort();
    assertFailsAndKeepsEarlierBackup(
        target -> fullFrom("single://127.0.0.1:" + port, target),
        BackupFailure.CONNECTION,
        "connection to 127.0.0.1:" + port + " refused",
        "online_backup_enabled");
  }

  @Test
  void aResetConnectionIsNamed() throws IOException {
    try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!resetting.isClosed()) {
                  try (Socket socket = resetting.accept()) {
                    socket.getInputStream().read();
                    socket.setSoLinger(true, 0);
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom("single://127.0.0.1:" + resetting.getLocalPort(), target),
          BackupFailure.CONNECTION,
          "Connection reset");
    }
  }

  @Test
  void neo4jsBoltPortIsRecognisedAsAnotherProtocol() {
    assertFailsAndKeepsEarlierBackup(
        target -> fullFrom("single://127.0.0.1:" + server.boltPort(), target),
        BackupFailure.PROTOCOL,
        "does not speak the backup protocol",
        "Bolt port");
  }

  @Test
  void neo4jsHttpPortIsRecognisedByWhatItAnswers() {
    assertFailsAndKeepsEarlierBackup(
        target -> fullFrom("single://127.0.0.1:" + server.httpPort(), target),
        BackupFailure.PROTOCOL,
        "is not a backup service",
        "\"HTTP/1.1 400");
  }

  @Test
  void aServerThatStopsMidStreamIsNamedWithTheFileItWasSending() {
    try (TestingBackupServer stopping =
        TestingBackupServer.playing(
            ctx -> {
              begin(ctx);
              ctx.write(new Message.FileBegin(FileKind.STORE, "neostore"));
              ctx.writeAndFlush(chunk("half a store", 0)).addListener(f -> ctx.close());
            })) {
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom(stopping.uri(), target),
          BackupFailure.CONNECTION,
          "closed the connection in the middle of the backup while sending 'neostore'");
    }
  }

  @Test
  void aCorruptedChunkIsCaughtByItsChecksum() {
    try (TestingBackupServer corrupting =
        TestingBackupServer.playing(
            ctx -> {
              begin(ctx);
              ctx.write(new Message.FileBegin(FileKind.STORE, "neostore"));
              ctx.writeAndFlush(chunk("store bytes", 1));
            })) {
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom(corrupting.uri(), target),
          BackupFailure.PROTOCOL,
          "checksum mismatch in 'neostore' at offset 0",
          "corrupted in transit");
    }
  }

  @Test
  void aServerThatGoesSilentTimesOut() {
    try (TestingBackupServer silent = TestingBackupServer.playing(BadInputIT::begin)) {
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom(silent.uri(), target),
          BackupFailure.CONNECTION,
          "sent nothing for too long");
    }
  }

  @Test
  void aServerOfAnotherProtocolVersionIsRefused() {
    try (TestingBackupServer newer = TestingBackupServer.speakingVersion(2)) {
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom(newer.uri(), target),
          BackupFailure.PROTOCOL,
          "speaks backup protocol version 2; this client speaks version 1");
    }
  }

  @Test
  void aServerCannotWriteOutsideTheStagingDirectory() throws IOException {
    try (TestingBackupServer hostile =
        TestingBackupServer.playing(
            ctx -> {
              begin(ctx);
              ctx.writeAndFlush(new Message.FileBegin(FileKind.STORE, "../../../../escaped"));
            })) {
      assertFailsAndKeepsEarlierBackup(
          target -> fullFrom(hostile.uri(), target),
          BackupFailure.PROTOCOL,
          "sent the file name '../../../../escaped', which is not a plain relative path");
    }
    try (Stream<Path> files = Files.walk(work)) {
      assertThat(files).noneMatch(path -> path.getFileName().toString().equals("escaped"));
    }
  }

  @Test
  void anUnknownDatabaseIsNamedByTheServer() {
    assertFailsAndKeepsEarlierBackup(
        target ->
            () -> OnlineBackup.from(server.backupUri()).database("nope").replace(true).full(target),
        BackupFailure.USAGE,
        "database 'nope' is not served by this backup service");
  }

  @Test
  void aServerOfAnotherClusterIsRefusedNamingBothClusters() {
    assertFailsAndKeepsEarlierBackup(
        target -> () -> OnlineBackup.from(server.backupUri()).cluster("payments").full(target),
        BackupFailure.WRONG_CLUSTER,
        "belongs to cluster 'harness', not to cluster 'payments'");
  }

  @Test
  void aDirectoryHoldingSomethingElseIsRefusedNeverOverwritten() throws IOException {
    Path target = work.resolve("foreign");
    Files.createDirectories(target);
    Files.writeString(target.resolve("thesis.txt"), "the only copy");

    assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).full(target))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageContaining("holds files that are not a backup made by neo4j-backup");
    assertThat(Trees.list(target)).containsExactly("thesis.txt");
    assertThat(target.resolve("thesis.txt")).hasContent("the only copy");
  }

  @Test
  @SuppressWarnings("try")
  void aTargetThatCannotBeWrittenIsNamed() throws Exception {
    Path target = earlierBackup();
    Map<String, String> before = Trees.fingerprint(target);
    try (ReadOnly readOnly = ReadOnly.make(target.getParent())) {
      assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).full(target))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageContaining("cannot write to " + target.getParent());
    }
    assertThat(Trees.fingerprint(target)).isEqualTo(before);
  }

  @Test
  @SuppressWarnings("try")
  void aFullDiskIsNamedAndTheEarlierBackupKept() throws Exception {
    long goldenBytes = Directories.size(golden);
    Path parent = work.resolve("small-disk");
    Files.createDirectories(parent);
    try (Tmpfs tmpfs = Tmpfs.mount(parent, goldenBytes + goldenBytes / 2)) {
      Path target = parent.resolve("backup");
      Directories.copy(golden, target);
      Map<String, String> before = Trees.fingerprint(target);

      assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).full(target))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageContaining("is full (No space left on device)");
      assertThat(Trees.fingerprint(target)).isEqualTo(before);
      assertThat(Trees.list(parent)).containsExactlyInAnyOrder("backup", ".backup.lock");
    }
  }

  @Test
  void theCommandLineExitsWithADistinctStatusPerKindOfFailure() throws IOException {
    Path foreign = work.resolve("cli-foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("x"), "x");
    int refusedPort = Neo4jServer.freePort();
    assertThat(exitStatus("-from", "single://", "-to", work.resolve("cli-1").toString()))
        .isEqualTo(2);
    assertThat(
            exitStatus(
                "-full",
                "-from",
                "single://127.0.0.1:" + refusedPort,
                "-to",
                work.resolve("cli-2").toString()))
        .isEqualTo(3);
    assertThat(
            exitStatus(
                "-full",
                "-from",
                "single://127.0.0.1:" + server.boltPort(),
                "-to",
                work.resolve("cli-3").toString()))
        .isEqualTo(4);
    assertThat(exitStatus("-full", "-from", server.backupUri(), "-to", foreign.toString()))
        .isEqualTo(5);
    assertThat(exitStatus("-full", "-incremental")).isEqualTo(2);
  }

  private static int exitStatus(String... args) {
    return Neo4jBackupCommand.run(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
  }

  private static void begin(io.netty.channel.ChannelHandlerContext ctx) {
    ctx.writeAndFlush(new Message.BackupBegin(TestingBackupServer.STORE, "neo4j", "harness", 5, 4));
  }

  private static Message.FileChunk chunk(String text, int crcOffset) {
    ByteBuf data = Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.US_ASCII);
    return new Message.FileChunk(Checksums.crc32c(data) + crcOffset, data);
  }

  /**
   * A small tmpfs mounted over a directory (needs root; the test is skipped, and says so,
   * otherwise). Unmounting it fails the test if a file on it is still open.
   */
  record Tmpfs(Path directory) implements AutoCloseable {
    static Tmpfs mount(Path directory, long bytes) {
      setUp("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", directory.toString());
      return new Tmpfs(directory);
    }

    @Override
    public void close() {
      tearDown("umount", directory.toString());
    }
  }

  /** Makes a directory unwritable: a read-only remount as root, permissions otherwise. */
  record ReadOnly(Path directory, boolean mounted) implements AutoCloseable {
    static ReadOnly make(Path directory) throws IOException {
      if ("root".equals(System.getProperty("user.name"))) {
        setUp("mount", "--bind", directory.toString(), directory.toString());
        setUp("mount", "-o", "remount,bind,ro", directory.toString());
        return new ReadOnly(directory, true);
      }
      directory.toFile().setWritable(false, false);
      return new ReadOnly(directory, false);
    }

    @Override
    public void close() {
      if (mounted) {
        tearDown("umount", directory.toString());
      } else {
        directory.toFile().setWritable(true, false);
      }
    }
  }

  @Test
  void aBackupOnAReadOnlyMountIsRestoredAndLeftAsItWas() throws IOException {
    Path backup = earlierBackup();
    long lastTxId = Manifest.readFrom(backup).lastTxId();
    for (boolean withLockFile : List.of(false, true)) {
      if (withLockFile) {
        Files.createFile(backup.resolveSibling(".backup.lock")); // as every backup run leaves it
      }
      Map<String, String> before = Trees.fingerprint(backup.getParent());
      Path data = work.resolve("restored-" + ++targets).resolve("data");
      Restore.Result restored;
      try (ReadOnly readOnly = ReadOnly.make(backup.getParent())) {
        restored = new Restore(Clock.systemUTC()).restore(backup, data, null, true);
      }
      assertThat(restored.lastTxId()).isEqualTo(lastTxId);
      assertThat(Trees.fingerprint(backup.getParent()))
          .as("the backup was only read (lock file: %s)", withLockFile)
          .isEqualTo(before);
      assertThat(Trees.fingerprint(data.resolve("databases/neo4j")))
          .isEqualTo(Trees.fingerprint(backup.resolve("databases/neo4j")));
    }
  }

  /** Runs a command a check needs; where it cannot run (not root), the check is skipped. */
  private static void setUp(String... command) {
    String failure = run(command);
    Assumptions.assumeTrue(failure == null, () -> failure + "; this check needs root");
  }

  /** Undoes what {@link #setUp} did: this must work (a busy mount means a file was left open). */
  private static void tearDown(String... command) {
    String failure = run(command);
    assertThat(failure).as("undoing the check's set-up").isNull();
  }

  /** Runs {@code command}: null if it succeeded, otherwise what went wrong. */
  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      return process.waitFor() == 0
          ? null
          : String.join(" ", command) + " failed (" + output.strip() + ")";
    } catch (IOException e) {
      return String.join(" ", command) + " cannot run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

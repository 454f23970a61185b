package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackgroundWriterTest {
  private static final int BUFFER = BackgroundWriter.BUFFER_BYTES;

  @TempDir Path dir;

  @Test
  void theBackupsFileSystemHereTakesDirectIo() {
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      assertThat(writer.direct()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, 4096, 4097, BUFFER - 1, BUFFER, 2 * BUFFER + 12345})
  void directWritesLeaveEachFileWithExactlyItsBytes(int length) throws Exception {
    assertWritesWhole(4096, length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4097, BUFFER, 2 * BUFFER + 12345})
  void cachedWritesLeaveEachFileWithExactlyItsBytes(int length) throws Exception {
    assertWritesWhole(0, length);
  }

  @Test
  void severalFilesAreWrittenInTurnAndAllAreOnDiskWhenAwaited() throws Exception {
    byte[][] contents = {bytes(BUFFER + 1, 1), bytes(10, 2), bytes(3 * BUFFER, 3)};
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      for (int i = 0; i < contents.length; i++) {
        BackgroundWriter.OpenFile file = writer.create(dir.resolve("file-" + i));
        file.append(Unpooled.wrappedBuffer(contents[i]));
        file.finish();
      }
      writer.awaitWritten();
    }
    for (int i = 0; i < contents.length; i++) {
      assertThat(Files.readAllBytes(dir.resolve("file-" + i))).isEqualTo(contents[i]);
    }
  }

  @Test
  void closingBeforeTheWritesEndLeavesNoFileOpen() throws Exception {
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      for (int i = 0; i < 200; i++) {
        BackgroundWriter.OpenFile file = writer.create(dir.resolve("file-" + i));
        file.append(Unpooled.wrappedBuffer(bytes(10, i)));
        file.finish();
      }
    }
    assertThat(openFilesUnder(dir)).isEmpty();
  }

  /** The files under {@code directory} this process holds open, read from /proc/self/fd. */
  static List<Path> openFilesUnder(Path directory) throws IOException {
    Path real = directory.toRealPath();
    try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors
          .flatMap(
              descriptor -> {
                try {
                  return Stream.of(Files.readSymbolicLink(descriptor));
                } catch (IOException e) {
                  return Stream.empty(); // closed while listing
                }
              })
          .filter(path -> path.startsWith(real))
          .toList();
    }
  }

  @Test
  void aFileThatExistsIsNotOverwritten() throws Exception {
    Files.writeString(dir.resolve("neostore"), "earlier");
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      assertThatThrownBy(() -> writer.create(dir.resolve("neostore")))
          .isInstanceOf(FileAlreadyExistsException.class);
    }
    assertThat(Files.readString(dir.resolve("neostore"))).isEqualTo("earlier");
  }

  @Test
  void aWriteThatFailsOnTheWritersThreadIsReportedNamingTheTarget() throws Exception {
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      BackgroundWriter.OpenFile file = writer.create(dir.resolve("neostore"));
      file.abandon(); // the writer's thread now finds the file closed
      assertThatThrownBy(
              () -> {
                file.append(Unpooled.wrappedBuffer(bytes(BUFFER + 1, 7)));
                file.finish();
                writer.awaitWritten();
              })
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessage("writing the backup under " + dir + " failed: ClosedChannelException");
    }
  }

  @Test
  void aCopyIsWrittenWithTheSameBytesAndForcedWithItsFile() throws Exception {
    byte[] data = bytes(3 * BUFFER + 12345, 11);
    Path copy = Files.createDirectories(dir.resolve("base")).resolve("neostore");
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      BackgroundWriter.OpenFile file = writer.create(dir.resolve("neostore"), copy);
      file.append(Unpooled.wrappedBuffer(data));
      file.finish();
      writer.awaitWritten();
    }
    assertThat(Files.readAllBytes(dir.resolve("neostore"))).isEqualTo(data);
    assertThat(Files.readAllBytes(copy)).isEqualTo(data);
  }

  @Test
  void aCopyThatCannotBeWrittenFailsTheBackupNamingTheTarget() throws Exception {
    Files.writeString(dir.resolve("base"), "a file where the copy's folder should be");
    try (BackgroundWriter writer = new BackgroundWriter(dir, dir)) {
      assertThatThrownBy(
              () -> writer.create(dir.resolve("neostore"), dir.resolve("base").resolve("neostore")))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageStartingWith("writing the backup under " + dir + " failed");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 0})
  void buffersOfZerosAreLeftAsHolesThatReadBackAsZeros(int alignment) throws Exception {
    byte[] content = new byte[3 * BUFFER + 100];
    System.arraycopy(bytes(BUFFER, 1), 0, content, 0, BUFFER);
    System.arraycopy(bytes(100, 2), 0, content, 3 * BUFFER, 100);

    Path path = write(alignment, content);

    assertThat(Files.readAllBytes(path)).isEqualTo(content);
    assertThat(allocatedBytes(path)).isLessThanOrEqualTo(2L * BUFFER);
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 0})
  void aFileEndingInZerosStillHasItsWholeLength(int alignment) throws Exception {
    byte[] content = new byte[2 * BUFFER + 4097];
    System.arraycopy(bytes(1000, 3), 0, content, 0, 1000);

    Path path = write(alignment, content);

    assertThat(Files.readAllBytes(path)).isEqualTo(content);
    assertThat(allocatedBytes(path)).isLessThanOrEqualTo(BUFFER);
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 0})
  void aFileOfOnlyZerosHasItsLengthAndNoBlocks(int alignment) throws Exception {
    Path path = write(alignment, new byte[BUFFER + 5]);

    assertThat(Files.size(path)).isEqualTo(BUFFER + 5);
    assertThat(allocatedBytes(path)).isZero();
  }

  @Test
  void onlyZerosLooksAtEveryRemainingByteAndNoOther() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    assertThat(BackgroundWriter.onlyZeros(buffer)).isTrue();
    buffer.put(BUFFER - 1, (byte) 1);
    assertThat(BackgroundWriter.onlyZeros(buffer)).isFalse();
    assertThat(BackgroundWriter.onlyZeros(buffer.limit(BUFFER - 1))).isTrue();
    buffer.limit(BUFFER).put(0, (byte) 1).position(1);
    assertThat(BackgroundWriter.onlyZeros(buffer)).isFalse();
    assertThat(buffer.position()).isEqualTo(1);
  }

  private Path write(int alignment, byte[] content) throws Exception {
    Path path = dir.resolve("neostore.propertystore.db.strings");
    try (BackgroundWriter writer = new BackgroundWriter(dir, alignment)) {
      BackgroundWriter.OpenFile file = writer.create(path);
      for (ByteBuf piece : unevenPieces(content)) {
        file.append(piece);
        piece.release();
      }
      file.finish();
      writer.awaitWritten();
    }
    return path;
  }

  /** What the file takes on disk, from {@code stat}: holes take nothing. */
  private static long allocatedBytes(Path file) throws Exception {
    Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
    String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
    assertThat(stat.waitFor()).isZero();
    return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
  }

  private void assertWritesWhole(int alignment, int length) throws Exception {
    byte[] content = bytes(length, length);
    Path path = dir.resolve("neostore.nodestore.db");
    try (BackgroundWriter writer = new BackgroundWriter(dir, alignment)) {
      BackgroundWriter.OpenFile file = writer.create(path);
      for (ByteBuf piece : unevenPieces(content)) {
        file.append(piece);
        assertThat(piece.readerIndex()).as("the data is left unread").isZero();
        piece.release();
      }
      file.finish();
      writer.awaitWritten();
    }
    assertThat(Files.readAllBytes(path)).isEqualTo(content);
  }

  /** The content as the network delivers it: pieces of odd sizes, some composed of two reads. */
  private static Iterable<ByteBuf> unevenPieces(byte[] content) {
    Random random = new Random(content.length);
    java.util.List<ByteBuf> pieces = new java.util.ArrayList<>();
    int at = 0;
    while (at < content.length) {
      int length = Math.min(content.length - at, 1 + random.nextInt(BUFFER / 3));
      if (length > 1 && random.nextBoolean()) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.wrappedBuffer(content, at, length / 2));
        composite.addComponent(
            true, Unpooled.wrappedBuffer(content, at + length / 2, length - length / 2));
        pieces.add(composite);
      } else {
        pieces.add(Unpooled.directBuffer(length).writeBytes(content, at, length));
      }
      at += length;
    }
    return pieces;
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}

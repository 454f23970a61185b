package io.neo4jbackup.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectReadsTest {
  private static final int READ = DirectReads.READ_BYTES;

  @TempDir Path dir;
  private final DirectReads reads = new DirectReads();

  @AfterEach
  void freeTheMemory() {
    reads.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4095, 4096, 4097, READ, 2 * READ + 12345})
  void aFileIsReadWholeInBlockAlignedPiecesAndAShortPieceEndsIt(int length) throws Exception {
    byte[] content = new byte[length];
    new Random(length).nextBytes(content);
    Path file = Files.write(dir.resolve("neostore.propertystore.db"), content);
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (DirectReads.Direct direct = DirectReads.open(file).orElseThrow()) {
      long position = 0;
      while (true) {
        ByteBuf data = reads.read(direct, position, READ);
        int got = data.readableBytes();
        read.write(ByteBufUtil.getBytes(data));
        data.release();
        position += got;
        if (got < READ) {
          break;
        }
      }
    }
    assertThat(read.toByteArray()).isEqualTo(content);
  }

  @Test
  void aReadStopsAtWhatWasWantedThoughItReadsWholeBlocks() throws Exception {
    Path file = Files.write(dir.resolve("neostore.transaction.db.0"), new byte[10_000]);
    try (DirectReads.Direct direct = DirectReads.open(file).orElseThrow()) {
      ByteBuf data = reads.read(direct, 4096, 100);
      assertThat(data.readableBytes()).isEqualTo(100);
      data.release();
    }
  }

  @Test
  void memoryComesBackForTheNextReadOnceEveryChunkOfItIsReleased() throws Exception {
    Path file = Files.write(dir.resolve("neostore"), new byte[3 * 4096]);
    try (DirectReads.Direct direct = DirectReads.open(file).orElseThrow()) {
      ByteBuf data = reads.read(direct, 0, READ);
      ByteBuf chunk = data.readRetainedSlice(4096);
      data.release();
      assertThat(reads.idleBuffers()).as("a chunk is still being sent").isZero();
      chunk.release();
      assertThat(reads.idleBuffers()).isEqualTo(1);
      reads.read(direct, 0, READ).release();
      assertThat(reads.idleBuffers()).as("the same memory served again").isEqualTo(1);
    }
  }

  @Test
  void onceClosedMemoryIsFreedAsSoonAsItIsSentInsteadOfWaitingForTheNextRead() throws Exception {
    Path file = Files.write(dir.resolve("neostore"), new byte[3 * 4096]);
    try (DirectReads.Direct direct = DirectReads.open(file).orElseThrow()) {
      reads.read(direct, 0, READ).release();
      ByteBuf inFlight = reads.read(direct, 0, READ);
      reads.close();
      assertThat(reads.idleBuffers()).as("the idle buffer is freed").isZero();
      inFlight.release();
      assertThat(reads.idleBuffers()).as("the sent buffer is freed, not kept").isZero();
    }
  }

  @Test
  void aReadOffTheBlockGridIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("neostore"), new byte[8192]);
    try (DirectReads.Direct direct = DirectReads.open(file).orElseThrow()) {
      assertThatThrownBy(() -> reads.read(direct, 100, 4096))
          .isInstanceOf(IOException.class)
          .hasMessage("direct read at 100 is not block-aligned");
    }
  }

  @Test
  void aMissingFileIsReportedAsMissing() {
    assertThatThrownBy(() -> DirectReads.open(dir.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}

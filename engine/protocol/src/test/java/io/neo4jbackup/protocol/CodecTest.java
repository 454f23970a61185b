package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecTest {
  static final StoreIdentity STORE =
      new StoreIdentity(0x0102030405060708L, -2L, "record", "aligned", 1, 2);

  /** Encodes {@code messages} as one peer would, returning the bytes on the wire. */
  static ByteBuf wire(Message... messages) {
    EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
    for (Message message : messages) {
      out.writeOutbound(message);
    }
    ByteBuf bytes = Unpooled.buffer();
    for (ByteBuf part; (part = out.readOutbound()) != null; ) {
      bytes.writeBytes(part);
      part.release();
    }
    out.finishAndReleaseAll();
    return bytes;
  }

  /**
   * Decodes {@code bytes}, delivered {@code splitEvery} bytes at a time, as the other peer would.
   */
  static List<Message> decode(ByteBuf bytes, int splitEvery) {
    EmbeddedChannel in = new EmbeddedChannel(new PreambleDecoder());
    while (bytes.isReadable()) {
      in.writeInbound(bytes.readRetainedSlice(Math.min(splitEvery, bytes.readableBytes())));
    }
    bytes.release();
    List<Message> messages = new ArrayList<>();
    for (Message message; (message = in.readInbound()) != null; ) {
      messages.add(message);
    }
    in.finishAndReleaseAll();
    return messages;
  }

  @Test
  void preambleIsMagicVersionAndReservedZeroesAsLongAsBoltsHandshake() {
    ByteBuf bytes = wire(new Message.Hello(1));
    assertThat(ByteBufUtil.hexDump(bytes)).isEqualTo("4e344a42" + "0001" + "00".repeat(14));
    bytes.release();
  }

  @Test
  void infoRequestGoldenBytes() {
    ByteBuf bytes = wire(new Message.InfoRequest("neo4j"));
    assertThat(ByteBufUtil.hexDump(bytes)).isEqualTo("00000008" + "01" + "0005" + "6e656f346a");
    bytes.release();
  }

  @Test
  void fileChunkGoldenBytesCarryTheCrc32cOfTheData() {
    ByteBuf data = Unpooled.copiedBuffer("123456789", StandardCharsets.US_ASCII);
    ByteBuf bytes = wire(new Message.FileChunk(Checksums.crc32c(data), data));
    // CRC32C("123456789") = 0xe3069283, the standard check value
    assertThat(ByteBufUtil.hexDump(bytes))
        .isEqualTo("0000000e" + "84" + "e3069283" + "313233343536373839");
    bytes.release();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 64, 100_000})
  void everyMessageSurvivesTheRoundTripWhateverTheReadSizes(int splitEvery) {
    List<Message> sent =
        List.of(
            new Message.Hello(1),
            new Message.InfoRequest("neo4j"),
            new Message.FullBackupRequest("movies"),
            new Message.ServerInfo(STORE, "neo4j", "cluster-ä", 42, "Neo4j 5.26"),
            new Message.BackupBegin(STORE, "neo4j", "c", 7, 6),
            new Message.FileBegin(FileKind.TRANSACTION_LOG, "neostore.transaction.db.0"),
            new Message.FileEnd(1234567890123L),
            new Message.BackupEnd(99, 12, 1L << 40),
            new Message.Error(ErrorCode.SERVER_BUSY, "busy"));
    List<Message> received = decode(wire(sent.toArray(Message[]::new)), splitEvery);
    assertThat(received).containsExactlyElementsOf(sent);
  }

  @Test
  void chunkDataArrivesIntact() {
    byte[] data = new byte[100_000];
    new java.util.Random(1).nextBytes(data);
    ByteBuf buffer = Unpooled.wrappedBuffer(data);
    List<Message> received =
        decode(
            wire(new Message.Hello(1), new Message.FileChunk(Checksums.crc32c(buffer), buffer)),
            4096);
    Message.FileChunk chunk = (Message.FileChunk) received.get(1);
    assertThat(ByteBufUtil.getBytes(chunk.content())).isEqualTo(data);
    assertThat(chunk.crc32c()).isEqualTo(Checksums.crc32c(chunk.content()));
    chunk.release();
  }
}

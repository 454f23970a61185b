package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame type, byte for byte as {@code engine/PROTOCOL.md} lays it out, and decoded back from
 * exactly those bytes.
 */
class GoldenBytesTest {
  /** {@link CodecTest#STORE}: creation time, random, engine, format, major, minor. */
  static final String STORE_ID =
      "0102030405060708"
          + "fffffffffffffffe"
          + "0006"
          + "7265636f7264"
          + "0007"
          + "616c69676e6564"
          + "01"
          + "02";

  static final String NEO4J = "0005" + "6e656f346a";

  static AuthToken token(int first) {
    byte[] bytes = new byte[Protocol.AUTH_TOKEN_LENGTH];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (first + i);
    }
    return new AuthToken(bytes);
  }

  static String tokenHex(int first) {
    return ByteBufUtil.hexDump(token(first).bytes());
  }

  static Stream<Arguments> frames() {
    return Stream.of(
        Arguments.of(new Message.InfoRequest("neo4j"), "00000008" + "01" + NEO4J),
        Arguments.of(new Message.FullBackupRequest("neo4j"), "00000008" + "02" + NEO4J),
        Arguments.of(
            new Message.IncrementalBackupRequest("neo4j", CodecTest.STORE, 5, 0x0a0b0c0d, 3, 1024),
            "00000047"
                + "03"
                + NEO4J
                + STORE_ID
                + "0000000000000005"
                + "0a0b0c0d"
                + "0000000000000003"
                + "0000000000000400"),
        Arguments.of(new Message.AuthRequest(token(0)), "00000021" + "04" + tokenHex(0)),
        Arguments.of(new Message.AuthResponse(token(0x40)), "00000021" + "05" + tokenHex(0x40)),
        Arguments.of(
            new Message.ServerInfo(CodecTest.STORE, "neo4j", "c", 42, "5.26"),
            "0000003c"
                + "81"
                + STORE_ID
                + NEO4J
                + "0001"
                + "63"
                + "000000000000002a"
                + "0004"
                + "352e3236"),
        Arguments.of(
            new Message.BackupBegin(CodecTest.STORE, "neo4j", "c", 7, 6),
            "0000003e"
                + "82"
                + STORE_ID
                + NEO4J
                + "0001"
                + "63"
                + "0000000000000007"
                + "0000000000000006"),
        Arguments.of(
            new Message.FileBegin(FileKind.STORE, "neostore"),
            "0000000c" + "83" + "00" + "0008" + "6e656f73746f7265"),
        Arguments.of(
            new Message.FileBegin(FileKind.TRANSACTION_LOG, "x"),
            "00000005" + "83" + "01" + "0001" + "78"),
        Arguments.of(new Message.FileEnd(1234), "00000009" + "85" + "00000000000004d2"),
        Arguments.of(
            new Message.BackupEnd(99, 12, 1L << 40),
            "00000015" + "86" + "0000000000000063" + "0000000c" + "0000010000000000"),
        Arguments.of(
            new Message.IncrementalBegin(CodecTest.STORE, "c", 8, 9),
            "00000037" + "87" + STORE_ID + "0001" + "63" + "0000000000000008" + "0000000000000009"),
        Arguments.of(
            new Message.LogAppendBegin(3, 1024),
            "00000011" + "88" + "0000000000000003" + "0000000000000400"),
        Arguments.of(new Message.AuthChallenge(token(0x20)), "00000021" + "89" + tokenHex(0x20)),
        Arguments.of(new Message.AuthOk(token(0x60)), "00000021" + "8a" + tokenHex(0x60)),
        Arguments.of(
            new Message.Error(ErrorCode.SERVER_BUSY, "busy"),
            "00000009" + "7f" + "0005" + "0004" + "62757379"),
        Arguments.of(
            new Message.Error(ErrorCode.AUTHENTICATION_FAILED, ""),
            "00000005" + "7f" + "000a" + "0000"),
        Arguments.of(
            new Message.Error(ErrorCode.AUTHENTICATION_REQUIRED, ""),
            "00000005" + "7f" + "000b" + "0000"),
        Arguments.of(
            new Message.Error(ErrorCode.TLS_REQUIRED, ""), "00000005" + "7f" + "000c" + "0000"));
  }

  @ParameterizedTest
  @MethodSource("frames")
  void aFrameIsWrittenAsDocumented(Message message, String hex) {
    ByteBuf bytes = CodecTest.wire(message);
    assertThat(ByteBufUtil.hexDump(bytes)).isEqualTo(hex);
    bytes.release();
  }

  @ParameterizedTest
  @MethodSource("frames")
  void theDocumentedBytesDecodeToTheFrameInAnyFragmentation(Message message, String hex) {
    for (int splitEvery : List.of(1, 2, 5, 1000)) {
      ByteBuf bytes = CodecTest.wire(new Message.Hello(Protocol.VERSION));
      bytes.writeBytes(ByteBufUtil.decodeHexDump(hex));
      assertThat(CodecTest.decode(bytes, splitEvery))
          .as("read %d bytes at a time", splitEvery)
          .containsExactly(new Message.Hello(Protocol.VERSION), message);
    }
  }

  @ParameterizedTest
  @MethodSource("frames")
  void everyTruncationOfAFrameWaitsForTheRestAndDecodesNothingWrong(Message message, String hex) {
    byte[] frame = ByteBufUtil.decodeHexDump(hex);
    IntStream.range(0, frame.length)
        .forEach(
            length -> {
              ByteBuf bytes = CodecTest.wire(new Message.Hello(Protocol.VERSION));
              bytes.writeBytes(frame, 0, length);
              assertThat(CodecTest.decode(bytes, 3))
                  .containsExactly(new Message.Hello(Protocol.VERSION));
            });
  }

  @ParameterizedTest
  @MethodSource("frames")
  void aLengthFieldOneShortOfThePayloadIsRefusedAsMalformed(Message message, String hex) {
    byte[] frame = ByteBufUtil.decodeHexDump(hex);
    int length =
        ((frame[0] & 0xff) << 24)
            | ((frame[1] & 0xff) << 16)
            | ((frame[2] & 0xff) << 8)
            | (frame[3] & 0xff);
    ByteBuf bytes = CodecTest.wire(new Message.Hello(Protocol.VERSION));
    bytes.writeInt(length - 1).writeBytes(frame, 4, length - 1);
    List<Message> decoded = CodecTest.decode(bytes, 7);
    assertThat(decoded).hasSize(2).last().isInstanceOf(Message.Malformed.class);
  }
}

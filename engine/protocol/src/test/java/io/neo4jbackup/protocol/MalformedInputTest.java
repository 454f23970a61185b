package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad bytes become one Malformed message naming the problem; nothing after it is decoded. */
class MalformedInputTest {

  private static ByteBuf preamble() {
    return CodecTest.wire(new Message.Hello(1));
  }

  private static List<Message> decodeAfterPreamble(ByteBuf frames) {
    return CodecTest.decode(Unpooled.wrappedBuffer(preamble(), frames), 5);
  }

  @Test
  void anHttpReplyIsNamedAsText() {
    List<Message> messages =
        CodecTest.decode(
            Unpooled.copiedBuffer("HTTP/1.1 400 Bad Request\r\n\r\n", StandardCharsets.US_ASCII),
            100);
    assertThat(messages).singleElement().isInstanceOf(Message.Malformed.class);
    assertThat(((Message.Malformed) messages.get(0)).reason()).contains("\"HTTP/1.1 400 Bad");
  }

  @Test
  void binaryGarbageIsNamedAsHex() {
    List<Message> messages =
        CodecTest.decode(Unpooled.wrappedBuffer(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17}), 100);
    assertThat(((Message.Malformed) messages.get(0)).reason()).contains("0x6060b017");
  }

  @Test
  void aFrameLongerThanTheMaximumIsRefusedWithoutBufferingIt() {
    ByteBuf frame =
        Unpooled.buffer().writeInt(Protocol.MAX_FRAME_LENGTH + 1).writeByte(0x84).writeZero(100);
    List<Message> messages = decodeAfterPreamble(frame);
    assertThat(messages).hasSize(2);
    assertThat(((Message.Malformed) messages.get(1)).reason()).contains("longer than the maximum");
  }

  @Test
  void anUnknownFrameTypeIsNamed() {
    List<Message> messages = decodeAfterPreamble(Unpooled.buffer().writeInt(1).writeByte(0x42));
    assertThat(((Message.Malformed) messages.get(1)).reason()).isEqualTo("unknown frame type 0x42");
  }

  @Test
  void trailingBytesInAFrameAreRefused() {
    ByteBuf frame = Unpooled.buffer().writeInt(1 + 8 + 1).writeByte(0x85).writeLong(5).writeByte(0);
    List<Message> messages = decodeAfterPreamble(frame);
    assertThat(((Message.Malformed) messages.get(1)).reason()).contains("trailing");
  }

  @Test
  void aStringRunningPastItsFrameIsRefused() {
    ByteBuf frame =
        Unpooled.buffer().writeInt(1 + 2 + 1).writeByte(0x01).writeShort(200).writeByte('x');
    List<Message> messages = decodeAfterPreamble(frame);
    assertThat(((Message.Malformed) messages.get(1)).reason()).contains("runs past the end");
  }

  @Test
  void anEmptyFrameIsRefused() {
    List<Message> messages = decodeAfterPreamble(Unpooled.buffer().writeInt(0));
    assertThat(((Message.Malformed) messages.get(1)).reason()).isEqualTo("empty frame");
  }

  @Test
  void aTruncatedFrameYieldsNothingUntilTheRestArrives() {
    ByteBuf whole = CodecTest.wire(new Message.FileEnd(77));
    ByteBuf truncated = whole.readRetainedSlice(whole.readableBytes() - 3);
    whole.release();
    List<Message> messages = decodeAfterPreamble(truncated);
    assertThat(messages).containsExactly(new Message.Hello(1));
  }

  @Test
  void nothingAfterAMalformedFrameIsDecoded() {
    ByteBuf bad = Unpooled.buffer().writeInt(1).writeByte(0x42);
    ByteBuf good = CodecTest.wire(new Message.InfoRequest("neo4j"));
    List<Message> messages = decodeAfterPreamble(Unpooled.wrappedBuffer(bad, good));
    assertThat(messages).hasSize(2).last().isInstanceOf(Message.Malformed.class);
  }

  @Test
  void aServerRefusesRequestFramesLongerThanItsSmallerMaximum() {
    ByteBuf bytes = preamble().writeInt(Protocol.MAX_REQUEST_FRAME_LENGTH + 1).writeByte(0x01);
    List<Message> messages =
        DecoderFuzzTest.assertDecodesCleanly(
            io.netty.buffer.ByteBufUtil.getBytes(bytes),
            new java.util.Random(1),
            Protocol.MAX_REQUEST_FRAME_LENGTH,
            "oversized request");
    bytes.release();
    assertThat(((Message.Malformed) messages.get(1)).reason())
        .isEqualTo("frame longer than the maximum of 16384 bytes");
  }

  @Test
  void aFrameOfExactlyTheMaximumLengthIsNotTooLong() {
    ByteBuf frame = Unpooled.buffer().writeInt(Protocol.MAX_FRAME_LENGTH).writeByte(0x84);
    frame.writeInt(0).writeZero(Protocol.MAX_FRAME_LENGTH - 5);
    List<Message> messages = CodecTest.decode(Unpooled.wrappedBuffer(preamble(), frame), 65536);
    assertThat(messages).hasSize(2).last().isInstanceOf(Message.FileChunk.class);
    ((Message.FileChunk) messages.get(1)).release();
  }

  @Test
  void aTlsClientHelloIsNamedAsTls() {
    List<Message> messages =
        CodecTest.decode(
            Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00}), 100);
    assertThat(((Message.Malformed) messages.get(0)).reason())
        .contains("a TLS handshake (0x16030102000100)")
        .contains("TLS is not enabled on this side");
  }
}

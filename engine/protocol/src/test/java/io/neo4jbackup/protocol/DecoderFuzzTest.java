package io.neo4jbackup.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random input, pure noise and mutations of valid streams, delivered in random fragments to
 * the client's decoder ({@link Protocol#MAX_FRAME_LENGTH}) and the server's ({@link
 * Protocol#MAX_REQUEST_FRAME_LENGTH}): the decoders never throw, never hang, emit at most one
 * {@link Message.Malformed} and nothing after it, and release every input byte. A failing case
 * names its seed.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DecoderFuzzTest {
  static final int CASES = 300;

  /** A valid stream holding every frame type, as a real peer would send it. */
  static byte[] validStream(Random random) {
    byte[] data = new byte[random.nextInt(300)];
    random.nextBytes(data);
    ByteBuf chunkData = Unpooled.wrappedBuffer(data);
    List<Message> messages = new ArrayList<>();
    messages.add(new Message.Hello(Protocol.VERSION));
    messages.add(new Message.InfoRequest("neo4j"));
    messages.add(new Message.AuthRequest(AuthToken.random()));
    messages.add(new Message.AuthChallenge(AuthToken.random()));
    messages.add(new Message.AuthResponse(AuthToken.random()));
    messages.add(new Message.AuthOk(AuthToken.random()));
    messages.add(
        new Message.IncrementalBackupRequest("neo4j", CodecTest.STORE, 5, random.nextInt(), 3, 9));
    messages.add(new Message.ServerInfo(CodecTest.STORE, "neo4j", "c", 42, "5.26"));
    messages.add(new Message.BackupBegin(CodecTest.STORE, "neo4j", "c", 7, 6));
    messages.add(new Message.IncrementalBegin(CodecTest.STORE, "c", 8, 9));
    messages.add(new Message.FileBegin(FileKind.STORE, "neostore.nodestore.db"));
    messages.add(new Message.LogAppendBegin(3, 1024));
    messages.add(new Message.FileChunk(Checksums.crc32c(chunkData), chunkData));
    messages.add(new Message.FileEnd(data.length));
    messages.add(new Message.BackupEnd(99, 1, data.length));
    messages.add(new Message.Error(ErrorCode.SERVER_BUSY, "busy"));
    ByteBuf wire = CodecTest.wire(messages.toArray(Message[]::new));
    try {
      return ByteBufUtil.getBytes(wire);
    } finally {
      wire.release();
    }
  }

  /** Flips, overwrites, drops, inserts or cuts a few bytes. */
  static byte[] mutate(byte[] stream, Random random) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : stream) {
      bytes.add(b);
    }
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations && !bytes.isEmpty(); i++) {
      int at = random.nextInt(bytes.size());
      switch (random.nextInt(5)) {
        case 0 -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
        case 1 -> bytes.set(at, (byte) random.nextInt(256));
        case 2 -> bytes.remove(at);
        case 3 -> bytes.add(at, (byte) random.nextInt(256));
        default -> bytes.subList(at, bytes.size()).clear();
      }
    }
    byte[] result = new byte[bytes.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = bytes.get(i);
    }
    return result;
  }

  static byte[] noise(Random random) {
    byte[] bytes = new byte[random.nextInt(2000)];
    random.nextBytes(bytes);
    if (random.nextBoolean()) {
      // Past the preamble, so the frame decoder sees the noise.
      System.arraycopy(validStream(random), 0, bytes, 0, Math.min(20, bytes.length));
    }
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {Protocol.MAX_FRAME_LENGTH, Protocol.MAX_REQUEST_FRAME_LENGTH})
  void randomNoiseIsRefusedCleanly(int maxFrameLength) {
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      assertDecodesCleanly(noise(random), random, maxFrameLength, "noise, seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {Protocol.MAX_FRAME_LENGTH, Protocol.MAX_REQUEST_FRAME_LENGTH})
  void mutatedValidStreamsAreRefusedCleanly(int maxFrameLength) {
    for (int seed = 0; seed < CASES; seed++) {
      Random random = new Random(seed);
      byte[] stream = mutate(validStream(random), random);
      assertDecodesCleanly(stream, random, maxFrameLength, "mutation, seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {Protocol.MAX_FRAME_LENGTH, Protocol.MAX_REQUEST_FRAME_LENGTH})
  void anUntouchedStreamDecodesCompletelyInAnyFragmentation(int maxFrameLength) {
    for (int seed = 0; seed < 50; seed++) {
      Random random = new Random(seed);
      List<Message> messages =
          assertDecodesCleanly(validStream(random), random, maxFrameLength, "seed " + seed);
      assertThat(messages)
          .as("seed %d", seed)
          .hasSize(16)
          .doesNotHaveAnyElementsOfTypes(Message.Malformed.class);
    }
  }

  /**
   * Decodes {@code bytes} in random fragments; checks the decoder's promises and that every input
   * buffer was released. Returns what was decoded (already released).
   */
  static List<Message> assertDecodesCleanly(
      byte[] bytes, Random random, int maxFrameLength, String what) {
    ByteBuf input = Unpooled.directBuffer(Math.max(1, bytes.length)).writeBytes(bytes);
    EmbeddedChannel channel = new EmbeddedChannel(new PreambleDecoder(maxFrameLength));
    while (input.isReadable()) {
      int length = Math.min(input.readableBytes(), 1 + random.nextInt(200));
      channel.writeInbound(input.readRetainedSlice(length));
    }
    input.release();
    List<Message> messages = new ArrayList<>();
    for (Object message; (message = channel.readInbound()) != null; ) {
      assertThat(message).as(what).isInstanceOf(Message.class);
      messages.add((Message) message);
      ReferenceCountUtil.release(message);
    }
    channel.finishAndReleaseAll();
    assertThat(channel.isOpen()).as(what).isFalse();
    assertThat(input.refCnt()).as("%s: every input byte released", what).isZero();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) instanceof Message.Malformed malformed) {
        assertThat(i).as("%s: nothing after %s", what, malformed).isEqualTo(messages.size() - 1);
        assertThat(malformed.reason()).as(what).isNotBlank();
      }
    }
    return messages;
  }
}

package io.neo4jbackup.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Peers that connect to a backup port and send seeded random input (noise, a good preamble then
 * noise, mangled requests, TLS-looking records, huge lengths), then close their side and read until
 * the server closes. The server must answer each by closing, promptly.
 */
final class RandomPeers {
  private RandomPeers() {}

  static final byte[] PREAMBLE = preamble();

  private static byte[] preamble() {
    return ByteBuffer.allocate(20).putInt(0x4E344A42).putShort((short) 1).array();
  }

  /** Sends {@code cases} random inputs from {@code seed} on; fails if the server hangs on one. */
  static void hammer(int port, int cases, long seed) throws IOException {
    for (int i = 0; i < cases; i++) {
      Random random = new Random(seed + i);
      byte[] input = input(random);
      try (Socket socket = new Socket()) {
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        try {
          socket.getOutputStream().write(input);
          socket.shutdownOutput();
        } catch (IOException closedEarly) {
          // The server may close before it read everything: that is a fine answer.
        }
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
          while (in.read(buffer) >= 0) {
            // drain until the server closes
          }
        } catch (SocketTimeoutException e) {
          throw new AssertionError(
              "the server did not close the connection within 30 s after input seed " + (seed + i),
              e);
        } catch (IOException reset) {
          // a reset is a close too
        }
      }
    }
  }

  static byte[] input(Random random) {
    ByteBuffer out = ByteBuffer.allocate(70_000);
    switch (random.nextInt(5)) {
      case 0 -> out.put(noise(random, 1 + random.nextInt(2000)));
      case 1 -> out.put(PREAMBLE).put(noise(random, random.nextInt(2000)));
      case 2 -> {
        out.put(PREAMBLE);
        byte[] database = "neo4j".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
          int type = random.nextBoolean() ? 1 + random.nextInt(5) : random.nextInt(256);
          out.putInt(3 + database.length).put((byte) type).putShort((short) database.length);
          out.put(database);
        }
        int at = 20 + random.nextInt(out.position() - 20);
        out.put(at, (byte) random.nextInt(256));
      }
      case 3 -> out.put(new byte[] {0x16, 0x03, 0x03}).put(noise(random, random.nextInt(600)));
      default -> out.put(PREAMBLE).putInt(random.nextInt()).put((byte) 0x01).put(noise(random, 50));
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  private static byte[] noise(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}

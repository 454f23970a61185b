package io.neo4jbackup.harness;

import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.MessageEncoder;
import io.neo4jbackup.protocol.PreambleDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A blocking client on a plain socket that sends exactly the bytes a test asks for and reads frames
 * only when told: for handshakes with odd versions, malformed frames and clients that stall.
 */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final EmbeddedChannel decoder = new EmbeddedChannel(new PreambleDecoder());
  private final EmbeddedChannel encoder = new EmbeddedChannel(MessageEncoder.INSTANCE);

  RawClient(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.setSoTimeout(30_000);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
  }

  RawClient(int port) throws IOException {
    this(port, 0);
  }

  void send(Message message) throws IOException {
    encoder.writeOutbound(message);
    for (ByteBuf bytes; (bytes = encoder.readOutbound()) != null; ) {
      try {
        sendBytes(io.netty.buffer.ByteBufUtil.getBytes(bytes));
      } finally {
        bytes.release();
      }
    }
  }

  void sendBytes(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /**
   * Reads raw bytes, {@code chunk} at a time with {@code pause} between reads, until the server
   * closes the connection or {@code limit} passes; returns how many bytes arrived.
   */
  long readSlowly(int chunk, java.time.Duration pause, java.time.Duration limit)
      throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[chunk];
    long total = 0;
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketException e) {
        return total; // reset by the server
      }
      if (n < 0) {
        return total;
      }
      total += n;
      try {
        Thread.sleep(pause.toMillis()); // the pace of a slow reader, not a wait for state
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return total;
      }
    }
    throw new AssertionError("the server still streamed after " + limit + " (" + total + " bytes)");
  }

  /** The next message from the server, or null when it closed the connection first. */
  Message receive() throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    while (true) {
      Object message = decoder.readInbound();
      if (message != null) {
        return (Message) message;
      }
      int read = in.read(buffer);
      if (read < 0) {
        return null;
      }
      decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, read));
    }
  }

  /** Reads until the server closes the connection; true when it did. */
  boolean awaitClosed() throws IOException {
    for (Message message; (message = receive()) != null; ) {
      ReferenceCountUtil.release(message);
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    decoder.finishAndReleaseAll();
    encoder.finishAndReleaseAll();
  }
}

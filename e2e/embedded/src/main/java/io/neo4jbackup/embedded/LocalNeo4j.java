package io.neo4jbackup.embedded;

import io.neo4jbackup.harness.ChainWriter;
import io.neo4jbackup.harness.Neo4jServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pod 0 of the demo's stand-in StatefulSet: the local Neo4j server, its data directory on the
 * claim's directory, and the writer, which runs until the server first stops (a writer is an
 * application: it is stopped first, and not started again on the restored database).
 */
final class LocalNeo4j implements LocalStatefulSet.Replica, AutoCloseable {

  private final Path home;
  private final Map<String, String> settings;
  private final Consumer<String> say;
  private volatile Neo4jServer server;
  private volatile ChainWriter writer;
  private volatile long written;

  /** A server in {@code home} (configuration, logs) with {@code settings}. */
  LocalNeo4j(Path home, Map<String, String> settings, Consumer<String> say) {
    this.home = home;
    this.settings = Map.copyOf(settings);
    this.say = say;
  }

  @Override
  public void start(Path data) {
    Map<String, String> withData = new HashMap<>(settings);
    withData.put("server.directories.data", data.toString());
    server = Neo4jServer.start(home, withData);
  }

  @Override
  public void stop() {
    if (writer != null) {
      say.accept("The writer is stopped first, after committing " + stopWriter() + " nodes");
    }
    Neo4jServer running = server;
    server = null;
    if (running != null) {
      running.stop();
    }
  }

  /** The running server. */
  Neo4jServer server() {
    Neo4jServer running = server;
    if (running == null) {
      throw new IllegalStateException("Neo4j is not running");
    }
    return running;
  }

  ChainWriter startWriter() {
    writer = ChainWriter.start(server().driver());
    return writer;
  }

  /** The running writer. */
  ChainWriter writer() {
    ChainWriter running = writer;
    if (running == null) {
      throw new IllegalStateException("the writer is not running");
    }
    return running;
  }

  /** Stops the writer if it runs; the highest n it committed. */
  long stopWriter() {
    ChainWriter running = writer;
    writer = null;
    if (running != null) {
      written = running.stop();
    }
    return written;
  }

  @Override
  public void close() {
    stop();
  }
}

package io.neo4jbackup.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * A real Neo4j 5.26 Community server in its own process, started from the server home that the
 * build assembles (Neo4j's jars from Maven, the backup service in {@code plugins/}), listening on
 * free loopback ports. A server started with {@code dbms.netty.ssl.provider=OPENSSL} gets BoringSSL
 * in its {@code plugins/} as well.
 */
public final class Neo4jServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** Neo4j's setting for its TLS implementation, and the value that asks for OpenSSL. */
  public static final String SSL_PROVIDER = "dbms.netty.ssl.provider";

  public static final String OPENSSL = "OPENSSL";

  private final Path home;
  private final int boltPort;
  private final int httpPort;
  private final int backupPort;
  private Process process;
  private Driver driver;

  private Neo4jServer(Path home, int boltPort, int httpPort, int backupPort) {
    this.home = home;
    this.boltPort = boltPort;
    this.httpPort = httpPort;
    this.backupPort = backupPort;
  }

  /**
   * Where the build put the server home; the system property {@code neo4j.home.template} overrides
   * it.
   */
  public static Path template() {
    String configured = System.getProperty("neo4j.home.template");
    Path template =
        configured != null ? Path.of(configured) : Path.of("engine/neo4j-home/target/neo4j-home");
    if (!Files.isDirectory(template.resolve("lib"))
        || !Files.isDirectory(template.resolve("plugins"))) {
      throw new IllegalStateException(
          "no Neo4j server home at "
              + template.toAbsolutePath()
              + "; build it with ./mvnw -q install -DskipTests");
    }
    return template.toAbsolutePath();
  }

  /**
   * Starts a server in {@code home} (created if needed; its data survives a restart) and waits
   * until it serves.
   */
  public static Neo4jServer start(Path home, Map<String, String> extraSettings) {
    try {
      Files.createDirectories(home.resolve("conf"));
      Path template = template();
      if (!Files.exists(home.resolve("lib"))) {
        Files.createSymbolicLink(home.resolve("lib"), template.resolve("lib"));
      }
      if (!Files.exists(home.resolve("plugins"))) {
        if (OPENSSL.equals(extraSettings.get(SSL_PROVIDER))) {
          pluginsWithOpenSsl(template, home.resolve("plugins"));
        } else {
          Files.createSymbolicLink(home.resolve("plugins"), template.resolve("plugins"));
        }
      }
      String backupAddress = extraSettings.get("online_backup_server");
      int backupPort =
          backupAddress == null
              ? freePort()
              : Integer.parseInt(backupAddress.substring(backupAddress.lastIndexOf(':') + 1));
      Neo4jServer server = new Neo4jServer(home, freePort(), freePort(), backupPort);
      server.writeConfig(extraSettings);
      server.launch(!"false".equals(extraSettings.get("online_backup_enabled")));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The template's plugins plus BoringSSL (which the build puts next to the template), as an
   * operator installs it for {@code dbms.netty.ssl.provider=OPENSSL}.
   */
  private static void pluginsWithOpenSsl(Path template, Path plugins) throws IOException {
    Files.createDirectories(plugins);
    for (Path dir : List.of(template.resolve("plugins"), template.resolveSibling("openssl"))) {
      try (var jars = Files.newDirectoryStream(dir, "*.jar")) {
        for (Path jar : jars) {
          Files.createSymbolicLink(plugins.resolve(jar.getFileName()), jar);
        }
      }
    }
  }

  public static Neo4jServer start(Path home) {
    return start(home, Map.of());
  }

  private void writeConfig(Map<String, String> extraSettings) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("server.default_listen_address", "127.0.0.1");
    settings.put("server.bolt.listen_address", ":" + boltPort);
    settings.put("server.http.listen_address", ":" + httpPort);
    settings.put("server.https.enabled", "false");
    settings.put("dbms.security.auth_enabled", "false");
    settings.put("server.memory.pagecache.size", "256m");
    settings.put("server.config.strict_validation.enabled", "true");
    // The classic names, as Neo4j documented them; the plugin accepts them under strict validation.
    settings.put("online_backup_server", "127.0.0.1:" + backupPort);
    settings.put("ha.cluster_name", "harness");
    settings.putAll(extraSettings);
    List<String> lines = new ArrayList<>();
    settings.forEach((key, value) -> lines.add(key + "=" + value));
    Files.write(home.resolve("conf/neo4j.conf"), lines);
  }

  private void launch(boolean backupEnabled) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx768m",
            "-XX:+UseParallelGC",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            "plugins/*:lib/*",
            "org.neo4j.server.CommunityEntryPoint",
            "--home-dir=" + home,
            "--config-dir=" + home.resolve("conf"));
    Files.createDirectories(home.resolve("logs"));
    process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(home.resolve("logs/console.log").toFile()))
            .start();
    awaitPort(boltPort);
    if (backupEnabled) {
      awaitPort(backupPort);
    }
  }

  private void awaitPort(int port) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Neo4j exited with " + process.exitValue() + " while starting:\n" + logTail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        pause(200);
      }
    }
    throw new IllegalStateException(
        "Neo4j did not listen on port " + port + " within " + START_TIMEOUT + ":\n" + logTail());
  }

  /** The last lines of the server's logs, for failure messages. */
  public String logTail() {
    StringBuilder text = new StringBuilder();
    for (String log : List.of("logs/console.log", "logs/neo4j.log")) {
      Path file = home.resolve(log);
      try {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        text.append("--- ").append(log).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        text.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  public Path home() {
    return home;
  }

  /** The database directory of {@code database}, as the server keeps it. */
  public Path databaseDirectory(String database) {
    return home.resolve("data/databases").resolve(database);
  }

  public Path transactionLogDirectory(String database) {
    return home.resolve("data/transactions").resolve(database);
  }

  public int boltPort() {
    return boltPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public int backupPort() {
    return backupPort;
  }

  /** {@code single://127.0.0.1:<backup port>}. */
  public String backupUri() {
    return "single://127.0.0.1:" + backupPort;
  }

  public synchronized Driver driver() {
    if (driver == null) {
      driver = GraphDatabase.driver("bolt://127.0.0.1:" + boltPort, AuthTokens.none());
    }
    return driver;
  }

  /** Stops the server cleanly and waits for it. */
  public void stop() {
    closeDriver();
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor(Duration.ofMinutes(2));
    }
  }

  /** Kills the server at once (SIGKILL), as a crash would. */
  public void kill() {
    closeDriver();
    if (process != null) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
  }

  private void waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private synchronized void closeDriver() {
    if (driver != null) {
      driver.close();
      driver = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

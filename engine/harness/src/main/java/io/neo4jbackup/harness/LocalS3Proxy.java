package io.neo4jbackup.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy (the jar the harness build copies into {@code target/s3proxy}, system property {@code
 * s3proxy.jar}) as a process of its own for a benchmark: a filesystem store in a directory, a free
 * port, signatures checked. {@link #launch} starts it; the tests' {@code S3ProxyServer} uses it as
 * a JUnit extension.
 */
public final class LocalS3Proxy implements AutoCloseable {
  public static final String IDENTITY = "benchaccess";
  public static final String CREDENTIAL = "benchsecret1234567890";
  private static final Pattern LISTENING = Pattern.compile("\\{127\\.0\\.0\\.1:([0-9]+)}");

  private final Path store;
  private final Process process;
  private final int port;

  private LocalS3Proxy(Path store, Process process, int port) {
    this.store = store;
    this.process = process;
    this.port = port;
  }

  /** Starts S3Proxy with its store in {@code directory/store}, emptied first. */
  public static LocalS3Proxy start(Path directory) throws IOException, InterruptedException {
    Path store = directory.resolve("store");
    Directories.delete(store);
    Files.createDirectories(store);
    Launched launched =
        launch(
            "s3proxy.endpoint=http://127.0.0.1:0",
            IDENTITY,
            CREDENTIAL,
            store,
            directory,
            directory.resolve("s3proxy.log"));
    return new LocalS3Proxy(store, launched.process(), launched.port());
  }

  /** An S3Proxy process and the port it listens on. */
  public record Launched(Process process, int port) {}

  /**
   * Starts S3Proxy with a filesystem store in {@code store}, signatures checked with {@code
   * identity} and {@code credential}, listening as {@code listen} (its endpoint properties, port 0:
   * a free one), its properties file in {@code directory} and its output in {@code log}; returns
   * once it listens. Fails, with its output, when it exits or does not listen within a minute.
   */
  public static Launched launch(
      String listen, String identity, String credential, Path store, Path directory, Path log)
      throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/missing.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at " + jar + ": build engine/harness (process-test-resources copies it)");
    }
    Path properties = directory.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            listen,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + identity,
            "s3proxy.credential=" + credential,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + store.toAbsolutePath(),
            ""));
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                    "-jar",
                    jar.toString(),
                    "--properties",
                    properties.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited (" + process.exitValue() + "): " + Files.readString(log));
      }
      Matcher matcher = LISTENING.matcher(Files.readString(log));
      if (matcher.find()) {
        return new Launched(process, Integer.parseInt(matcher.group(1)));
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not listen within a minute: " + log);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL));
  }

  public void createBucket(String bucket) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Where the store keeps the objects below {@code prefix} of {@code bucket}. */
  public Path folder(String bucket, String prefix) {
    return store.resolve(bucket).resolve(prefix);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

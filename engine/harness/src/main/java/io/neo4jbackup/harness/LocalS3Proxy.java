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
 * port, signatures checked. The tests' {@code S3ProxyServer} does the same as a JUnit extension.
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
    Path jar =
        Path.of(System.getProperty("s3proxy.jar", "engine/harness/target/s3proxy/missing.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at " + jar + ": build engine/harness (process-test-resources copies it)");
    }
    Path store = directory.resolve("store");
    Directories.delete(store);
    Files.createDirectories(store);
    Path properties = directory.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:0",
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + store.toAbsolutePath(),
            ""));
    Path log = directory.resolve("s3proxy.log");
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
        return new LocalS3Proxy(store, process, Integer.parseInt(matcher.group(1)));
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not start within a minute: " + log);
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

package io.neo4jbackup.harness;

import static org.awaitility.Awaitility.await;

import io.neo4jbackup.objectstore.ObjectStoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for a test class: S3Proxy (the jar Maven copies into {@code
 * target/s3proxy}, system property {@code s3proxy.jar}) in a JVM of its own, on a free port, with
 * its filesystem store in a temporary directory (a bucket is a directory, a key a path below it),
 * signatures checked. Started before the class's tests, killed after them.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
  public static final String IDENTITY = "testaccess";
  public static final String CREDENTIAL = "testsecret1234567890";
  private static final Pattern LISTENING = Pattern.compile("\\{127\\.0\\.0\\.1:([0-9]+)}");

  private Path directory;
  private Path store;
  private Process process;
  private Path log;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("s3proxy-");
    store = Files.createDirectories(directory.resolve("store"));
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    kill();
    Directories.delete(directory);
  }

  /** Starts the server (again) on the same store, on a new port. */
  public void start() throws IOException {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/missing.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at " + jar + ": run the build (mvn -pl engine/harness verify) once");
    }
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
    log = Files.createTempFile(directory, "s3proxy-", ".log");
    process =
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
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "S3Proxy exited (" + process.exitValue() + "): " + Files.readString(log));
              }
              Matcher matcher = LISTENING.matcher(Files.readString(log));
              if (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
                return true;
              }
              return false;
            });
  }

  /** Kills the server at once, as a crash would. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Settings that reach this server with its credentials, or with {@code secret} instead. */
  public ObjectStoreSettings settings(String secret) {
    return new ObjectStoreSettings(
        endpoint(),
        "us-east-1",
        true,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, secret)));
  }

  public ObjectStoreSettings settings() {
    return settings(CREDENTIAL);
  }

  public void createBucket(String bucket) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Where the store keeps object {@code key} of {@code bucket}. */
  public Path objectFile(String bucket, String key) {
    return store.resolve(bucket).resolve(key);
  }

  /** The folders of the chains under {@code prefix} in {@code bucket}, by name. */
  public List<Path> chains(String bucket, String prefix) throws IOException {
    Path folder = store.resolve(bucket).resolve(prefix);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("chain-"))
          .sorted()
          .toList();
    }
  }
}

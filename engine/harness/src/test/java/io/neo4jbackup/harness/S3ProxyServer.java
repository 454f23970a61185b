package io.neo4jbackup.harness;

import io.neo4jbackup.objectstore.ObjectStoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * signatures checked ({@link LocalS3Proxy#launch}). Started before the class's tests, killed after
 * them.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {
  public static final String IDENTITY = "testaccess";
  public static final String CREDENTIAL = "testsecret1234567890";

  private final boolean tls;
  private Path directory;
  private Path store;
  private Path caBundle;
  private Process process;
  private int port;

  /** A server on plain HTTP. */
  public S3ProxyServer() {
    this(false);
  }

  private S3ProxyServer(boolean tls) {
    this.tls = tls;
  }

  /**
   * A server on HTTPS only, its certificate (for 127.0.0.1) signed by a CA of the test's own, whose
   * PEM file {@link #caBundle()} gives.
   */
  public static S3ProxyServer https() {
    return new S3ProxyServer(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("s3proxy-");
    store = Files.createDirectories(directory.resolve("store"));
    start();
  }

  /** The PEM file of the CA that signed an {@link #https()} server's certificate. */
  public Path caBundle() {
    return caBundle;
  }

  /** A PKCS#12 key store of a server certificate and key for 127.0.0.1, signed by a new CA. */
  private Path keyStore() throws IOException {
    TestCertificates.Authority authority =
        TestCertificates.authority(directory.resolve("tls"), "s3proxy");
    caBundle = authority.certificate();
    try {
      java.security.cert.Certificate certificate;
      try (var in = Files.newInputStream(authority.server().certificate())) {
        certificate =
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      String pem = Files.readString(authority.server().key());
      byte[] der =
          java.util.Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      java.security.PrivateKey key =
          java.security.KeyFactory.getInstance("EC")
              .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
      java.security.KeyStore keyStore = java.security.KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "s3proxy",
          key,
          KEY_STORE_PASSWORD.toCharArray(),
          new java.security.cert.Certificate[] {certificate});
      Path file = directory.resolve("tls/keystore.p12");
      try (var out = Files.newOutputStream(file)) {
        keyStore.store(out, KEY_STORE_PASSWORD.toCharArray());
      }
      return file;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot make S3Proxy's key store", e);
    }
  }

  private static final String KEY_STORE_PASSWORD = "s3proxy-test";

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    kill();
    Directories.delete(directory);
  }

  /** Starts the server (again) on the same store, on a new port. */
  public void start() throws IOException {
    String listen =
        tls
            ? String.join(
                "\n",
                "s3proxy.secure-endpoint=https://127.0.0.1:0",
                "s3proxy.keystore-path="
                    + (caBundle == null ? keyStore() : directory.resolve("tls/keystore.p12")),
                "s3proxy.keystore-password=" + KEY_STORE_PASSWORD)
            : "s3proxy.endpoint=http://127.0.0.1:0";
    try {
      LocalS3Proxy.Launched launched =
          LocalS3Proxy.launch(
              listen,
              IDENTITY,
              CREDENTIAL,
              store,
              directory,
              Files.createTempFile(directory, "s3proxy-", ".log"));
      process = launched.process();
      port = launched.port();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while S3Proxy started", e);
    }
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
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
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
    if (tls) {
      // The filesystem store's bucket is a directory.
      try {
        Files.createDirectories(store.resolve(bucket));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return;
    }
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** A client of this server's (over plain HTTP only), for what tests check beside the engine. */
  public S3Client client() {
    if (tls) {
      throw new IllegalStateException("a raw client of the HTTPS server is not needed yet");
    }
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  /** Where the store keeps object {@code key} of {@code bucket}. */
  public Path objectFile(String bucket, String key) {
    return store.resolve(bucket).resolve(key);
  }

  /**
   * Whether {@code file}, in the filesystem store, is a whole object. The store writes an object
   * into {@code <key>-<random UUID>} and renames it to its key once complete; a file so named is
   * one it was still receiving (a server killed then leaves it, and lists it).
   */
  public static boolean wholeObject(Path file) {
    return Files.isRegularFile(file) && !RECEIVING.matcher(file.getFileName().toString()).find();
  }

  private static final java.util.regex.Pattern RECEIVING =
      java.util.regex.Pattern.compile(
          "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

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

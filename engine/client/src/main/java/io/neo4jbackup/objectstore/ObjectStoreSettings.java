package io.neo4jbackup.objectstore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How to reach the object store: an endpoint other than AWS's (null: AWS), the region (null: the
 * environment, system properties or profile, else {@code us-east-1}), path-style requests, the
 * credentials (null: the SDK's default chain: environment, system properties, profiles, web
 * identity, container and instance roles), a PEM file of CAs trusted beside the JVM's (null: the
 * JVM's only), and how large objects are written: in parts of {@code partSize} bytes, at most
 * {@code partsInFlight} at a time.
 */
public record ObjectStoreSettings(
    URI endpoint,
    String region,
    boolean pathStyle,
    AwsCredentialsProvider credentials,
    Path caBundle,
    long partSize,
    int partsInFlight) {

  /**
   * The part size of multipart uploads: 64 MiB keeps a 100 GiB store file at 1,600 parts (S3 allows
   * 10,000, and the size grows past that), a retried part at most 64 MiB sent again, and the
   * requests few; parts are streamed from the file, so it is not memory.
   */
  public static final long DEFAULT_PART_SIZE = 64L * 1024 * 1024;

  /** Parts sent at once: enough to fill a link to a remote store, few for a 2-core Job. */
  public static final int DEFAULT_PARTS_IN_FLIGHT = 4;

  public ObjectStoreSettings(
      URI endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials) {
    this(
        endpoint, region, pathStyle, credentials, null, DEFAULT_PART_SIZE, DEFAULT_PARTS_IN_FLIGHT);
  }

  public static ObjectStoreSettings defaults() {
    return new ObjectStoreSettings(null, null, false, null);
  }

  /** These settings, trusting the CAs in the PEM file {@code caBundle} beside the JVM's. */
  public ObjectStoreSettings withCaBundle(Path caBundle) {
    return new ObjectStoreSettings(
        endpoint, region, pathStyle, credentials, caBundle, partSize, partsInFlight);
  }

  /** These settings, with multipart uploads in parts of {@code partSize}, so many at once. */
  public ObjectStoreSettings withMultipart(long partSize, int partsInFlight) {
    if (partSize < 5L * 1024 * 1024 || partsInFlight < 1) {
      throw new IllegalArgumentException(
          "parts are at least 5 MiB (S3's minimum), at least one at a time");
    }
    return new ObjectStoreSettings(
        endpoint, region, pathStyle, credentials, caBundle, partSize, partsInFlight);
  }

  /** The endpoint as the user gave it, for messages. */
  String describeEndpoint() {
    return endpoint == null ? "AWS S3 (region " + resolvedRegion() + ")" : endpoint.toString();
  }

  String resolvedRegion() {
    if (region != null) {
      return region;
    }
    try {
      // The environment, system properties and profiles; not the instance metadata service,
      // which elsewhere than on EC2 only makes a command wait.
      return new AwsRegionProviderChain(
              new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion()
          .id();
    } catch (RuntimeException e) {
      return Region.US_EAST_1.id();
    }
  }

  /**
   * Checks what can be checked before connecting: the CA bundle is read (a usage failure naming it
   * when it cannot be).
   */
  public void check() {
    if (caBundle != null) {
      CaBundle.trustManagers(caBundle);
    }
  }

  S3Client client() {
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60));
    if (caBundle != null) {
      var trustManagers = CaBundle.trustManagers(caBundle);
      http.tlsTrustManagersProvider(() -> trustManagers);
    }
    var builder =
        S3Client.builder()
            .httpClient(http.build())
            .region(Region.of(resolvedRegion()))
            .forcePathStyle(pathStyle)
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .credentialsProvider(
                credentials == null ? DefaultCredentialsProvider.builder().build() : credentials);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}

package io.neo4jbackup.objectstore;

import java.net.URI;
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
 * environment, system properties or profile, else {@code us-east-1}), path-style requests, and the
 * credentials (null: the SDK's default chain: environment, system properties, profiles, web
 * identity, container and instance roles).
 */
public record ObjectStoreSettings(
    URI endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials) {

  public static ObjectStoreSettings defaults() {
    return new ObjectStoreSettings(null, null, false, null);
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

  S3Client client() {
    var builder =
        S3Client.builder()
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
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

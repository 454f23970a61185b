package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The failure kind and message of each way an S3 endpoint refuses or fails a request. */
class ObjectStoreFailureTest {
  private static final byte[] CONTENT = "content".getBytes(StandardCharsets.UTF_8);

  private static BackupException failureOf(TestingS3Server server, Runnable request) {
    try {
      request.run();
    } catch (BackupException e) {
      return e;
    }
    throw new AssertionError("no failure; requests: " + server.requests);
  }

  @Test
  void aStoreWithoutConditionalWritesIsDeniedNamingIfNoneMatch() throws Exception {
    try (TestingS3Server server = new TestingS3Server(501, "NotImplemented");
        ObjectStore store = new ObjectStore(server.settings(), "bucket")) {
      BackupException e = failureOf(server, () -> store.putNew("chain/a", CONTENT));

      assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_DENIED);
      assertThat(e.getMessage())
          .contains("does not implement conditional writes (If-None-Match: *")
          .contains("501 NotImplemented")
          .contains("s3://bucket/chain/a");
      assertThat(server.requests).contains("PUT /bucket/chain/a If-None-Match: *");
    }
  }

  @Test
  void aStoreAnswering503IsUnreachableOnceTheRetriesAreSpent() throws Exception {
    try (TestingS3Server server = new TestingS3Server(503, "SlowDown");
        ObjectStore store = new ObjectStore(server.settings(), "bucket")) {
      BackupException e = failureOf(server, () -> store.putNew("chain/a", CONTENT));

      assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_UNREACHABLE);
      assertThat(e.getMessage()).contains("answered 503 SlowDown").contains("also after retries");
      assertThat(server.requests).as("the SDK's retries").hasSizeGreaterThan(1);
    }
  }

  @Test
  void refusedCredentialsAreDeniedNamingTheBucketTheEndpointAndTheRequest() throws Exception {
    try (TestingS3Server server = new TestingS3Server(403, "InvalidAccessKeyId");
        ObjectStore store = new ObjectStore(server.settings(), "bucket")) {
      BackupException e = failureOf(server, () -> store.getBytes("chain/manifests/1.json"));

      assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_DENIED);
      assertThat(e.getMessage())
          .contains("the object store at " + server.settings().endpoint())
          .contains("refused the credentials (403 InvalidAccessKeyId)")
          .contains("reading s3://bucket/chain/manifests/1.json")
          .contains("bucket 'bucket'");
    }
  }

  @Test
  void aMissingBucketIsDeniedNamingItAndTheEndpoint() throws Exception {
    try (TestingS3Server server = new TestingS3Server(404, "NoSuchBucket");
        ObjectStore store = new ObjectStore(server.settings(), "bucket")) {
      BackupException head = failureOf(server, store::checkBucket);
      BackupException put = failureOf(server, () -> store.putNew("chain/a", CONTENT));

      for (BackupException e : new BackupException[] {head, put}) {
        assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_DENIED);
        assertThat(e.getMessage())
            .startsWith("bucket 'bucket' does not exist at " + server.settings().endpoint());
      }
      assertThat(put.getMessage()).contains("writing s3://bucket/chain/a");
    }
  }

  @Test
  void aMissingObjectAManifestListsIsAnIntegrityFailureNamingItsKey() throws Exception {
    try (TestingS3Server server = new TestingS3Server(404, "NoSuchKey");
        ObjectStore store = new ObjectStore(server.settings(), "bucket")) {
      BackupException e = failureOf(server, () -> store.getBytes("chain/base/x"));

      assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_INTEGRITY);
      assertThat(e.getMessage())
          .startsWith("object store integrity: s3://bucket/chain/base/x: it is missing");
    }
  }

  @Test
  void aConnectionResetIsUnreachable() throws Exception {
    try (ServerSocket listener = new ServerSocket(0)) {
      CompletableFuture.runAsync(
          () -> {
            while (!listener.isClosed()) {
              try (Socket socket = listener.accept()) {
                socket.setSoLinger(true, 0); // closing sends a reset
              } catch (java.io.IOException e) {
                return;
              }
            }
          });
      ObjectStoreSettings settings =
          new ObjectStoreSettings(
              URI.create("http://127.0.0.1:" + listener.getLocalPort()),
              "us-east-1",
              true,
              StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
      try (ObjectStore store = new ObjectStore(settings, "bucket")) {
        assertThatThrownBy(store::checkBucket)
            .isInstanceOfSatisfying(
                BackupException.class,
                e -> assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_UNREACHABLE))
            .hasMessageContaining("the object store at http://127.0.0.1:");
      }
    }
  }

  @Test
  void anUnreachableEndpointIsUnreachable() {
    ObjectStoreSettings settings =
        new ObjectStoreSettings(
            URI.create("http://127.0.0.1:1"),
            "us-east-1",
            true,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
    try (ObjectStore store = new ObjectStore(settings, "bucket")) {
      assertThatThrownBy(store::checkBucket)
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_UNREACHABLE))
          .hasMessageContaining("http://127.0.0.1:1 cannot be reached");
    }
  }
}

package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.harness.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https endpoint whose certificate a private CA signed (S3Proxy with a key store the test
 * makes): reached with {@code -ca-bundle} naming that CA's PEM file, refused without it.
 */
class ObjectStoreTlsIT {
  @RegisterExtension static final S3ProxyServer s3 = S3ProxyServer.https();
  @TempDir Path work;

  @BeforeAll
  static void bucket() {
    s3.createBucket("secure");
  }

  @Test
  void anHttpsEndpointSignedByTheBundlesCaIsTrusted() throws Exception {
    assertThat(s3.endpoint().getScheme()).isEqualTo("https");
    byte[] content = "over TLS".getBytes(StandardCharsets.UTF_8);
    try (ObjectStore store = new ObjectStore(s3.settings().withCaBundle(s3.caBundle()), "secure")) {
      store.checkBucket();
      store.putNew("tls/a", content);
      Path read = work.resolve("a");
      store.get("tls/a", read, ObjectStore.sha256(content));
      assertThat(Files.readAllBytes(read)).isEqualTo(content);
    }
  }

  @Test
  void withoutTheBundleTheEndpointIsUnreachableNamingTheCertificate() {
    try (ObjectStore store = new ObjectStore(s3.settings(), "secure")) {
      assertThatThrownBy(store::checkBucket)
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_UNREACHABLE))
          .hasMessageContaining("cannot be reached over TLS")
          .hasMessageContaining("-ca-bundle");
    }
  }
}

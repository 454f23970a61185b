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

/** What the store does with the requests {@link ObjectStore} sends, on a real S3Proxy. */
class ObjectStoreIT {
  @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();
  @TempDir Path work;

  @BeforeAll
  static void bucket() {
    s3.createBucket("objects");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anObjectIsWrittenOnceAndNeverOverwritten() throws Exception {
    try (ObjectStore store = new ObjectStore(s3.settings(), "objects")) {
      store.putNew("once/a", bytes("first"));
      // The same content again is what a retried request that got through looks like.
      store.putNew("once/a", bytes("first"));

      assertThatThrownBy(() -> store.putNew("once/a", bytes("second")))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageContaining("s3://objects/once/a already exists with other content");
      assertThat(Files.readString(s3.objectFile("objects", "once/a"))).isEqualTo("first");
    }
  }

  @Test
  void whatIsReadIsCheckedAgainstTheChecksumTheCallerExpects() throws Exception {
    try (ObjectStore store = new ObjectStore(s3.settings(), "objects")) {
      store.putNew("checked/a", bytes("content"));
      Path good = work.resolve("good");
      store.get("checked/a", good, ObjectStore.sha256(bytes("content")));
      assertThat(Files.readString(good)).isEqualTo("content");

      assertThatThrownBy(
              () -> store.get("checked/a", work.resolve("bad"), ObjectStore.sha256(bytes("other"))))
          .isInstanceOfSatisfying(
              BackupException.class,
              e -> assertThat(e.failure()).isEqualTo(BackupFailure.OBJECT_STORE_INTEGRITY))
          .hasMessageStartingWith("object store integrity: s3://objects/checked/a: ");
      assertThatThrownBy(() -> store.get("checked/missing", work.resolve("m"), "x"))
          .hasMessageStartingWith("object store integrity: s3://objects/checked/missing: ")
          .hasMessageContaining("missing");
    }
  }

  @Test
  void aRangeOfAFileIsDigestedAndCopiedAsItIs() throws Exception {
    Path file = Files.write(work.resolve("f"), bytes("0123456789"));
    ObjectStore.copyRange(file, 3, 4, work.resolve("range"));
    assertThat(Files.readString(work.resolve("range"))).isEqualTo("3456");
    assertThat(ObjectStore.sha256(file, 3, 4)).isEqualTo(ObjectStore.sha256(bytes("3456")));
  }
}

package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.harness.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting one chain of a bucket, as the operator's retention does: everything below the chain's
 * prefix and nothing else, refused while a lease on the chain has not run out, and refused,
 * deleting nothing, for what is not a chain of neo4j-backup's. Chains here are objects written as a
 * chain's (their content does not matter to a delete).
 */
class ChainDeleteIT {
  @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();

  static final String BUCKET = "retention";
  static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
  static final List<String> CHAIN_OBJECTS =
      List.of(
          "base/databases/neo4j/neostore",
          "transactions/neo4j/neostore.transaction.db.0",
          "transactions/neo4j/neostore.transaction.db.0.at-100.20260101T000000.000Z",
          "runs/00000001-backup-manifest.json",
          "manifests/00000001.json",
          "manifests/00000002.json");

  @BeforeAll
  static void bucket() {
    s3.createBucket(BUCKET);
  }

  static ObjectStoreBackups backups(Instant now) {
    return new ObjectStoreBackups(s3.settings(), null, Clock.fixed(now, ZoneOffset.UTC));
  }

  static void write(String key) {
    try (ObjectStore store = new ObjectStore(s3.settings(), BUCKET)) {
      store.putNew(key, key.getBytes(StandardCharsets.UTF_8));
    }
  }

  static void chain(String prefix) {
    CHAIN_OBJECTS.forEach(object -> write(prefix + "/" + object));
  }

  static List<String> objects(String prefix) throws Exception {
    Path folder = s3.objectFile(BUCKET, prefix);
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> folder.relativize(file).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void aChainIsDeletedAndNothingBesideIt() throws Exception {
    chain("a/chain-20260101T000000.000Z");
    chain("a/chain-20260102T000000.000Z");
    write("a/chain-20260101T000000.000Z-not-this-chain/kept");
    write("a/notes.txt");

    ObjectStoreBackups.Deleted deleted =
        backups(NOW)
            .delete(ObjectStoreLocation.parse("s3://retention/a/chain-20260101T000000.000Z"));

    assertThat(deleted.chainUri()).isEqualTo("s3://retention/a/chain-20260101T000000.000Z");
    assertThat(deleted.objects()).isEqualTo(CHAIN_OBJECTS.size());
    assertThat(objects("a/chain-20260101T000000.000Z")).isEmpty();
    assertThat(objects("a/chain-20260102T000000.000Z")).hasSize(CHAIN_OBJECTS.size());
    assertThat(objects("a/chain-20260101T000000.000Z-not-this-chain")).containsExactly("kept");
    assertThat(Files.exists(s3.objectFile(BUCKET, "a/notes.txt"))).isTrue();

    ObjectStoreBackups.Deleted again =
        backups(NOW)
            .delete(ObjectStoreLocation.parse("s3://retention/a/chain-20260101T000000.000Z"));
    assertThat(again.objects()).as("a chain that is not there is already deleted").isZero();
  }

  @Test
  void aLeasedChainIsNotDeletedUntilTheLeaseRunsOut() throws Exception {
    String prefix = "b/chain-20260101T000000.000Z";
    chain(prefix);
    try (ObjectStore store = new ObjectStore(s3.settings(), BUCKET)) {
      ChainLease.take(store, prefix + "/", "restore", Clock.fixed(NOW, ZoneOffset.UTC));
    }
    ObjectStoreLocation location = ObjectStoreLocation.parse("s3://retention/" + prefix);

    assertThatThrownBy(() -> backups(NOW.plus(Duration.ofHours(5))).delete(location))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET_BUSY))
        .hasMessageStartingWith("s3://retention/" + prefix + " is in use (restore by ")
        .hasMessageContaining("lease until 2026-12-06T14:00:00Z");
    assertThat(objects(prefix)).hasSize(CHAIN_OBJECTS.size() + 1);

    // A run killed without deleting its lease holds the chain at most ChainLease.BOUND.
    backups(NOW.plus(ChainLease.BOUND).plusSeconds(1)).delete(location);
    assertThat(objects(prefix)).isEmpty();
  }

  @Test
  void whatIsNotAChainOfNeo4jBackupsIsNotDeleted() throws Exception {
    chain("c/chain-20260101T000000.000Z");
    write("c/chain-20260101T000000.000Z/someone-elses.txt");

    assertThatThrownBy(
            () ->
                backups(NOW)
                    .delete(
                        ObjectStoreLocation.parse("s3://retention/c/chain-20260101T000000.000Z")))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageContaining(
            "holds s3://retention/c/chain-20260101T000000.000Z/someone-elses.txt, which no chain"
                + " of neo4j-backup's holds: nothing was deleted");
    assertThat(objects("c/chain-20260101T000000.000Z")).hasSize(CHAIN_OBJECTS.size() + 1);

    assertThatThrownBy(() -> backups(NOW).delete(ObjectStoreLocation.parse("s3://retention/c")))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
        .hasMessageStartingWith("s3://retention/c is not a chain's prefix");
  }

  @Test
  void aNamedChainIsFoundOnlyWhenComplete() {
    chain("d/chain-20260101T000000.000Z");
    write("d/chain-20260102T000000.000Z/base/databases/neo4j/neostore");
    try (ObjectStore store = new ObjectStore(s3.settings(), BUCKET)) {
      assertThatThrownBy(
              () ->
                  ChainDownload.find(
                      store,
                      ObjectStoreLocation.parse("s3://retention/d/chain-20260102T000000.000Z")))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageStartingWith(
              "s3://retention/d/chain-20260102T000000.000Z is not a complete backup chain");
      assertThatThrownBy(
              () ->
                  ChainDownload.find(
                      store,
                      ObjectStoreLocation.parse("s3://retention/d/chain-20260103T000000.000Z")))
          .hasMessageContaining("is not a complete backup chain");
    }
  }
}

package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import org.junit.jupiter.api.Test;

class ObjectStoreLocationTest {
  @Test
  void aLocationIsABucketAndAPrefixWithoutItsSlashes() {
    ObjectStoreLocation location = ObjectStoreLocation.parse("s3://backups/prod/neo4j/");
    assertThat(location.bucket()).isEqualTo("backups");
    assertThat(location.prefix()).isEqualTo("prod/neo4j");
    assertThat(location.key("chain-1/x")).isEqualTo("prod/neo4j/chain-1/x");
    assertThat(location).hasToString("s3://backups/prod/neo4j");
  }

  @Test
  void aBucketAloneKeepsChainsAtItsTop() {
    ObjectStoreLocation location = ObjectStoreLocation.parse("S3://backups");
    assertThat(location.prefix()).isEmpty();
    assertThat(location.key("chain-1/x")).isEqualTo("chain-1/x");
    assertThat(location.listPrefix()).isEmpty();
  }

  @Test
  void onlyS3LocationsAreObjectStorage() {
    assertThat(ObjectStoreLocation.isObjectStore("s3://b/p")).isTrue();
    assertThat(ObjectStoreLocation.isObjectStore("/backups/s3://x")).isFalse();
    assertThat(ObjectStoreLocation.isObjectStore(null)).isFalse();
  }

  @Test
  void whatIsNotABucketOrHasAnEmptySegmentIsAUsageError() {
    for (String bad : new String[] {"s3://", "s3://UPPER/x", "s3://b_x/y", "s3://bucket//x"}) {
      assertThatThrownBy(() -> ObjectStoreLocation.parse(bad))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.USAGE))
          .hasMessageContaining(bad);
    }
  }

  @Test
  void aManifestKeyCarriesItsSequence() {
    assertThat(ChainIndex.manifestKey(12)).isEqualTo("manifests/00000012.json");
    assertThat(ChainIndex.sequenceOf("manifests/00000012.json")).isEqualTo(12);
    assertThat(ChainIndex.sequenceOf("manifests/12.json")).isEqualTo(-1);
    assertThat(ChainIndex.sequenceOf("runs/00000001-neo4j-backup.json")).isEqualTo(-1);
  }
}

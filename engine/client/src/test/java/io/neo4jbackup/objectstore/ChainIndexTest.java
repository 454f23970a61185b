package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chain manifests: one written before objects could be compressed or encrypted (format 1) still
 * reads, as plain objects; a plain chain is still written as format 1, field for field; an encoded
 * one records each object's encoding, stored size and both digests.
 */
class ChainIndexTest {
  /** A manifest as the engine wrote it before format 2 (commit 02e6991), byte for byte. */
  static final String FORMAT_1 =
      """
      {
        "formatVersion" : 1,
        "chain" : "chain-20261205T101010.123Z",
        "sequence" : 2,
        "database" : "neo4j",
        "storeId" : "store-1",
        "baseTxId" : 10,
        "lastTxId" : 42,
        "lastCommitTime" : "2026-12-05T10:10:10.123Z",
        "createdAt" : "2026-12-05T10:10:11Z",
        "objects" : [ {
          "key" : "base/databases/neo4j/neostore",
          "path" : "base/databases/neo4j/neostore",
          "offset" : 0,
          "size" : 8192,
          "sha256" : "c2hhLW9mLXRoZS1zdG9yZQ=="
        }, {
          "key" : "transactions/neo4j/neostore.transaction.db.0.at-100.20261205T101011.000Z",
          "path" : "transactions/neo4j/neostore.transaction.db.0",
          "offset" : 100,
          "size" : 50,
          "sha256" : "c2hhLW9mLXRoZS1sb2dz"
        } ]
      }
      """;

  @Test
  void aFormatOneManifestReadsAsPlainObjects() throws IOException {
    ChainIndex index = ChainIndex.parse(FORMAT_1.getBytes(StandardCharsets.UTF_8));

    assertThat(index.formatVersion()).isEqualTo(1);
    assertThat(index.lastTxId()).isEqualTo(42);
    assertThat(index.compression()).isNull();
    assertThat(index.keyFingerprint()).isNull();
    assertThat(index.objects()).hasSize(2);
    ChainIndex.Entry log = index.objects().get(1);
    assertThat(log.offset()).isEqualTo(100);
    assertThat(log.size()).isEqualTo(50);
    assertThat(log.encoding()).isNull();
    assertThat(log.storedSize()).isNull();
    assertThat(log.storedSha256()).isNull();
    assertThat(ObjectEncoding.encrypted(log.encoding())).isFalse();
  }

  @Test
  void aPlainChainIsWrittenAsFormatOneWasFieldForField() throws IOException {
    ChainIndex index = ChainIndex.parse(FORMAT_1.getBytes(StandardCharsets.UTF_8));

    assertThat(new String(index.toBytes(), StandardCharsets.UTF_8).strip())
        .isEqualTo(FORMAT_1.strip());
  }

  @Test
  void anEncodedChainRecordsEachObjectsEncodingStoredSizeAndBothDigests() throws IOException {
    ChainIndex.Entry entry =
        new ChainIndex.Entry(
            "base/x", "base/x", 0, 1000, "plain==", "zstd+aes256-gcm-hkdf-64k", 321L, "stored==");
    ChainIndex index =
        new ChainIndex(
            ChainIndex.ENCODED_FORMAT_VERSION,
            "chain-1",
            1,
            "neo4j",
            "store-1",
            1,
            2,
            Instant.parse("2026-12-05T10:10:10Z"),
            Instant.parse("2026-12-05T10:10:11Z"),
            List.of(entry, entry.at("base/x.at-1000", 1000)),
            "zstd",
            "0123456789abcdef0123456789abcdef");

    ChainIndex read = ChainIndex.parse(index.toBytes());

    assertThat(read).isEqualTo(index);
    assertThat(read.objects().get(1).storedSha256()).isEqualTo("stored==");
    assertThat(read.objects().get(1).offset()).isEqualTo(1000);
  }
}

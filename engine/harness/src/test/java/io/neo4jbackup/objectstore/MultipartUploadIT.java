package io.neo4jbackup.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.harness.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files larger than the part size go up as multipart uploads on a real S3Proxy: here parts of 5 MiB
 * (S3's least), at most 2 at once, so that a file of a few MiB goes up in parts.
 */
class MultipartUploadIT {
  @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();
  @TempDir Path work;

  static final long MIB = 1024 * 1024;

  @BeforeAll
  static void bucket() {
    s3.createBucket("parts");
  }

  private static ObjectStore store() {
    return new ObjectStore(s3.settings().withMultipart(5 * MIB, 2), "parts");
  }

  private Path randomFile(String name, long size, long seed) throws Exception {
    byte[] bytes = new byte[(int) size];
    new Random(seed).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }

  @Test
  void aFileLargerThanAPartGoesUpInPartsAndReadsBackAsItWas() throws Exception {
    Path file = randomFile("large", 17 * MIB + 123, 1);
    String sha256 = ObjectStore.sha256(file);
    try (ObjectStore store = store();
        S3Client raw = s3.client()) {
      store.putNew("large/object", file, sha256);

      assertThat(raw.headObject(r -> r.bucket("parts").key("large/object")).eTag())
          .as("the ETag of an object written in 4 parts")
          .endsWith("-4\"");
      assertThat(raw.listMultipartUploads(r -> r.bucket("parts").prefix("large/")).uploads())
          .as("no upload left unfinished")
          .isEmpty();
      Path read = work.resolve("read");
      store.get("large/object", read, sha256);
      assertThat(Files.mismatch(file, read)).isEqualTo(-1L);
      assertThat(Files.mismatch(file, s3.objectFile("parts", "large/object"))).isEqualTo(-1L);

      // The same file again is what a retried run looks like: the object there is this content.
      store.putNew("large/object", file, sha256);
    }
  }

  @Test
  void aFileInPartsIsNeverWrittenOverAnObjectWithOtherContent() throws Exception {
    Path file = randomFile("large", 11 * MIB, 2);
    try (ObjectStore store = store();
        S3Client raw = s3.client()) {
      store.putNew("taken/object", "already here".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> store.putNew("taken/object", file, ObjectStore.sha256(file)))
          .isInstanceOfSatisfying(
              BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.TARGET))
          .hasMessageContaining("s3://parts/taken/object already exists with other content");
      assertThat(Files.readString(s3.objectFile("parts", "taken/object")))
          .isEqualTo("already here");
      assertThat(raw.listMultipartUploads(r -> r.bucket("parts").prefix("taken/")).uploads())
          .isEmpty();
    }
  }

  @Test
  void aPartIsReadFromItsRangeOfTheFileAndTheLastPartIsTheRest() throws Exception {
    Path file = randomFile("odd", 5 * MIB + 1, 3);
    try (ObjectStore store = store()) {
      store.putNew("odd/object", file, ObjectStore.sha256(file));
    }
    assertThat(Files.mismatch(file, s3.objectFile("parts", "odd/object"))).isEqualTo(-1L);
    assertThat(MultipartUpload.partSizeFor(100L * 1024 * MIB, 5 * MIB))
        .as("100 GiB in parts of 5 MiB would be 20,480 parts: more than S3's 10,000")
        .isEqualTo(11 * MIB);
    assertThat(MultipartUpload.partSizeFor(17 * MIB, 5 * MIB)).isEqualTo(5 * MIB);
  }

  @Test
  void withAJournalTheMatchingPartsAnEarlierRunLeftAreReusedAndOnlyTheRestIsSent()
      throws Exception {
    Path file = randomFile("resumed", 17 * MIB, 4);
    try (S3Client raw = s3.client()) {
      // As a run killed after its first two parts leaves it.
      String uploadId =
          raw.createMultipartUpload(
                  r ->
                      r.bucket("parts")
                          .key("resumed/object")
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
      for (int part = 1; part <= 2; part++) {
        long offset = (part - 1) * 5 * MIB;
        byte[] bytes = new byte[(int) (5 * MIB)];
        try (var in = ObjectStore.range(file, offset, 5 * MIB)) {
          in.readNBytes(bytes, 0, bytes.length);
        }
        int number = part;
        raw.uploadPart(
            r ->
                r.bucket("parts")
                    .key("resumed/object")
                    .uploadId(uploadId)
                    .partNumber(number)
                    .checksumSHA256(ObjectStore.sha256(bytes)),
            RequestBody.fromBytes(bytes));
      }
    }
    UploadJournal journal = new UploadJournal(work.resolve("uploaded.txt"));
    try (ObjectStore store = store()) {
      store.journal(journal);
      store.putNew("resumed/object", file, ObjectStore.sha256(file));
    }

    assertThat(journal.partsReused.get()).isEqualTo(2);
    assertThat(journal.bytesSent.get()).as("parts 3 and 4 only").isEqualTo(7 * MIB);
    assertThat(Files.mismatch(file, s3.objectFile("parts", "resumed/object"))).isEqualTo(-1L);
    assertThat(Files.readAllLines(work.resolve("uploaded.txt"))).containsExactly("resumed/object");

    // Written once, the journal keeps the next run from even asking the store.
    UploadJournal again = new UploadJournal(work.resolve("uploaded.txt"));
    try (ObjectStore store = store()) {
      store.journal(again);
      store.putNew("resumed/object", file, ObjectStore.sha256(file));
    }
    assertThat(again.objectsSkipped.get()).isEqualTo(1);
    assertThat(again.bytesSent.get()).isZero();
    // An object the journal has but the store lost (its chain deleted meanwhile) is sent again.
    try (S3Client raw = s3.client()) {
      raw.deleteObject(r -> r.bucket("parts").key("resumed/object"));
    }
    UploadJournal lost = new UploadJournal(work.resolve("uploaded.txt"));
    try (ObjectStore store = store()) {
      lost.retainOnly(store.listKeys("resumed/"));
      store.journal(lost);
      store.putNew("resumed/object", file, ObjectStore.sha256(file));
    }
    assertThat(lost.bytesSent.get()).isEqualTo(17 * MIB);
    assertThat(Files.mismatch(file, s3.objectFile("parts", "resumed/object"))).isEqualTo(-1L);
  }

  /**
   * What S3Proxy 4.1.0 does with {@code If-None-Match: *} on CompleteMultipartUpload (AWS refuses
   * with 412 when the key exists). The engine does not rely on it alone: it refuses before it
   * starts an upload to a key that exists, and sends the condition on Complete as well.
   */
  @Test
  void s3ProxyRefusesToCompleteAnUploadOverAnExistingObject() {
    try (S3Client raw = s3.client()) {
      raw.putObject(r -> r.bucket("parts").key("race/object"), RequestBody.fromString("first"));
      String uploadId =
          raw.createMultipartUpload(
                  r ->
                      r.bucket("parts")
                          .key("race/object")
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
      String sha256 = ObjectStore.sha256("second".getBytes(StandardCharsets.UTF_8));
      String eTag =
          raw.uploadPart(
                  r ->
                      r.bucket("parts")
                          .key("race/object")
                          .uploadId(uploadId)
                          .partNumber(1)
                          .checksumSHA256(sha256),
                  RequestBody.fromString("second"))
              .eTag();

      assertThatThrownBy(
              () ->
                  raw.completeMultipartUpload(
                      r ->
                          r.bucket("parts")
                              .key("race/object")
                              .uploadId(uploadId)
                              .ifNoneMatch("*")
                              .multipartUpload(
                                  m ->
                                      m.parts(
                                          p -> p.partNumber(1).eTag(eTag).checksumSHA256(sha256)))))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      assertThat(raw.getObjectAsBytes(r -> r.bucket("parts").key("race/object")).asUtf8String())
          .isEqualTo("first");
      raw.abortMultipartUpload(r -> r.bucket("parts").key("race/object").uploadId(uploadId));
    }
  }
}

package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One file written as a multipart upload: parts read from ranges of the file (never the whole file
 * in memory; each part is read twice, once for its SHA-256, once to send it), each sent with its
 * SHA-256 in the header, which the store checks, at most as many at once as the pool has threads.
 * The upload is completed with {@code If-None-Match: *}, so an object already at the key is never
 * replaced; the store's checksum of the result is the composite {@code base64(sha256(part
 * digests))-parts}. A failed upload is aborted: its parts were this run's.
 */
final class MultipartUpload {
  /** S3's most parts in one upload. */
  static final int MAX_PARTS = 10_000;

  private final ObjectStore store;
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final Path file;
  private final long size;
  private final long partSize;
  private final ExecutorService pool;

  MultipartUpload(
      ObjectStore store,
      S3Client s3,
      String bucket,
      String key,
      Path file,
      long size,
      long partSize,
      ExecutorService pool) {
    this.store = store;
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.file = file;
    this.size = size;
    this.partSize = partSizeFor(size, partSize);
    this.pool = pool;
  }

  /** {@code preferred}, or larger where the file would otherwise need more than 10,000 parts. */
  static long partSizeFor(long size, long preferred) {
    long least = (size + MAX_PARTS - 1) / MAX_PARTS;
    long mib = 1024 * 1024;
    return Math.max(preferred, (least + mib - 1) / mib * mib);
  }

  /** The number of parts. */
  int partCount() {
    return (int) ((size + partSize - 1) / partSize);
  }

  void run() {
    if (store.exists(key)) {
      // Complete cannot be made conditional everywhere: refuse before uploading anything.
      store.refuseUnlessStored(key, compositeChecksum(), null);
      return;
    }
    String uploadId;
    try {
      uploadId =
          s3.createMultipartUpload(
                  r -> r.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
    } catch (SdkException e) {
      throw store.failure("starting a multipart upload of", key, e);
    }
    boolean completed = false;
    try {
      List<CompletedPart> sent = sendParts(uploadId);
      complete(uploadId, sent);
      completed = true;
    } finally {
      if (!completed) {
        abortQuietly(uploadId);
      }
    }
  }

  private List<CompletedPart> sendParts(String uploadId) {
    List<Future<CompletedPart>> futures = new ArrayList<>();
    for (int part = 1; part <= partCount(); part++) {
      int number = part;
      futures.add(pool.submit(() -> sendPart(uploadId, number)));
    }
    List<CompletedPart> sent = new ArrayList<>();
    try {
      for (Future<CompletedPart> future : futures) {
        sent.add(future.get());
      }
      return sent;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(BackupFailure.INTERNAL, "interrupted while uploading " + key, e);
    } finally {
      futures.forEach(future -> future.cancel(true));
    }
  }

  private CompletedPart sendPart(String uploadId, int number) {
    long offset = (number - 1) * partSize;
    long length = Math.min(partSize, size - offset);
    String digest;
    try {
      digest = ObjectStore.sha256(file, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String eTag =
          s3.uploadPart(
                  r ->
                      r.bucket(bucket)
                          .key(key)
                          .uploadId(uploadId)
                          .partNumber(number)
                          .contentLength(length)
                          .checksumSHA256(digest),
                  RequestBody.fromContentProvider(
                      () -> {
                        try {
                          return ObjectStore.range(file, offset, length);
                        } catch (IOException e) {
                          throw new UncheckedIOException(e);
                        }
                      },
                      length,
                      "application/octet-stream"))
              .eTag();
      return CompletedPart.builder().partNumber(number).eTag(eTag).checksumSHA256(digest).build();
    } catch (SdkException e) {
      throw store.failure("writing part " + number + " of", key, e);
    }
  }

  private void complete(String uploadId, List<CompletedPart> sent) {
    try {
      s3.completeMultipartUpload(
          r ->
              r.bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .ifNoneMatch("*")
                  .multipartUpload(m -> m.parts(sent)));
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        store.refuseUnlessStored(key, compositeChecksum(sent), e);
        return;
      }
      if (e.statusCode() == 501) {
        throw store.conditionalWritesUnsupported(key, e);
      }
      throw store.failure("completing the multipart upload of", key, e);
    } catch (SdkException e) {
      throw store.failure("completing the multipart upload of", key, e);
    }
  }

  private void abortQuietly(String uploadId) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // Left to the bucket's lifecycle rule for incomplete multipart uploads; it is no object.
    }
  }

  /** The composite checksum the store keeps for this file uploaded in these parts. */
  String compositeChecksum() {
    List<CompletedPart> parts = new ArrayList<>();
    for (int part = 1; part <= partCount(); part++) {
      long offset = (part - 1) * partSize;
      try {
        parts.add(
            CompletedPart.builder()
                .partNumber(part)
                .checksumSHA256(ObjectStore.sha256(file, offset, Math.min(partSize, size - offset)))
                .build());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return compositeChecksum(parts);
  }

  static String compositeChecksum(List<CompletedPart> parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (CompletedPart part : parts) {
        digest.update(Base64.getDecoder().decode(part.checksumSHA256()));
      }
      return Base64.getEncoder().encodeToString(digest.digest()) + "-" + parts.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

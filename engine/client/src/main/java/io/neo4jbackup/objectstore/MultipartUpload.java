package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One file written as a multipart upload: parts read from ranges of the file (never the whole file
 * in memory; each part is read twice, once for its SHA-256, once to send it), each sent with its
 * SHA-256 in the header, which the store checks, at most as many at once as the pool has threads.
 * The upload is completed with {@code If-None-Match: *}, so an object already at the key is never
 * replaced; the store's checksum of the result is the composite {@code base64(sha256(part
 * digests))-parts}. A failed upload is aborted (its parts were this run's), unless the store keeps
 * an {@link UploadJournal}: then its parts are left for the next run, which reuses each whose size
 * and SHA-256 match the file's (ListMultipartUploads, ListParts).
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
    UploadJournal journal = store.journal();
    String uploadId = journal == null ? null : unfinishedUpload();
    if (uploadId == null) {
      try {
        uploadId =
            s3.createMultipartUpload(
                    r -> r.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256))
                .uploadId();
      } catch (SdkException e) {
        throw store.failure("starting a multipart upload of", key, e);
      }
    }
    boolean completed = false;
    try {
      List<CompletedPart> sent = sendParts(uploadId);
      complete(uploadId, sent);
      completed = true;
    } finally {
      // With a journal the parts sent are kept for the next run (a resumable upload); else they
      // were this run's only, and are let go.
      if (!completed && journal == null) {
        abortQuietly(uploadId);
      }
    }
  }

  private final Map<Integer, Part> earlier = new ConcurrentHashMap<>();

  /**
   * The newest multipart upload of this key an earlier run left unfinished, its parts noted for
   * reuse; or null.
   */
  private String unfinishedUpload() {
    try {
      software.amazon.awssdk.services.s3.model.MultipartUpload newest = null;
      for (var upload :
          s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(key)).uploads()) {
        if (upload.key().equals(key)
            && (newest == null || upload.initiated().isAfter(newest.initiated()))) {
          newest = upload;
        }
      }
      if (newest == null) {
        return null;
      }
      String uploadId = newest.uploadId();
      for (Part part :
          s3.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(uploadId)).parts()) {
        earlier.put(part.partNumber(), part);
      }
      return uploadId;
    } catch (SdkException e) {
      throw store.failure("looking for an unfinished multipart upload of", key, e);
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

  /**
   * Whether a part an earlier run sent is the file's range {@code offset}, {@code length}: its size
   * and its SHA-256, or where the store lists no checksum of parts (S3Proxy), its ETag, which for a
   * part is the MD5 of its bytes.
   */
  private boolean matches(Part part, long offset, long length, String sha256) {
    if (part.size() == null || part.size() != length) {
      return false;
    }
    if (part.checksumSHA256() != null) {
      return part.checksumSHA256().equals(sha256);
    }
    if (part.eTag() == null) {
      return false;
    }
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      try (InputStream in = ObjectStore.range(file, offset, length)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          md5.update(buffer, 0, n);
        }
      }
      return part.eTag().replace("\"", "").equalsIgnoreCase(HexFormat.of().formatHex(md5.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
    Part before = earlier.get(number);
    if (before != null && matches(before, offset, length, digest)) {
      store.journal().partsReused.incrementAndGet();
      return CompletedPart.builder()
          .partNumber(number)
          .eTag(before.eTag())
          .checksumSHA256(digest)
          .build();
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
      if (store.journal() != null) {
        store.journal().bytesSent.addAndGet(length);
      }
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

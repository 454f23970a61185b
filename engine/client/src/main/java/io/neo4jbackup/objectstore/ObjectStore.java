package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of an S3-compatible object store, as the chains use it: objects written once (with
 * {@code If-None-Match: *}, never over an existing one) and sent with their SHA-256 in the {@code
 * x-amz-checksum-sha256} header, which the store checks; read back with the digest taken again.
 * Failures of the store become {@link BackupException}s that say what to fix: an endpoint that
 * cannot be reached ({@code OBJECT_STORE_UNREACHABLE}), credentials, a bucket or a request refused
 * ({@code OBJECT_STORE_DENIED}), an object that does not match its checksum or is missing ({@code
 * OBJECT_STORE_INTEGRITY}, the message starting "object store integrity").
 */
final class ObjectStore implements AutoCloseable {
  private final S3Client s3;
  private final String bucket;
  private final String endpoint;
  private final long partSize;
  private final int partsInFlight;
  private ExecutorService parts;
  private UploadJournal journal;

  ObjectStore(ObjectStoreSettings settings, String bucket) {
    this.s3 = settings.client();
    this.bucket = bucket;
    this.endpoint = settings.describeEndpoint();
    this.partSize = settings.partSize();
    this.partsInFlight = settings.partsInFlight();
  }

  /** Fails, naming why, unless the bucket exists and the credentials may use it. */
  void checkBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw failure("checking bucket '" + bucket + "'", null, e);
    }
  }

  /**
   * From now on, what is written is recorded in {@code journal} and nothing it holds is written
   * again (null: no journal).
   */
  void journal(UploadJournal journal) {
    this.journal = journal;
  }

  UploadJournal journal() {
    return journal;
  }

  /**
   * Whether {@code key} need not be written: the journal has it, or (with a journal) the store has
   * it with the checksum {@code sha256} already; an object there with other content is a failure.
   */
  private boolean alreadyWritten(
      String key, java.util.function.Supplier<String> sha256, ChainIndex.Entry entry) {
    if (journal == null) {
      return false;
    }
    if (journal.done(key) || (exists(key) && refusedUnlessStored(key, sha256.get(), entry))) {
      journal.objectsSkipped.incrementAndGet();
      return true;
    }
    return false;
  }

  private boolean refusedUnlessStored(String key, String sha256, ChainIndex.Entry entry) {
    refuseUnlessStored(key, sha256, null);
    journal.record(key, entry);
    return true;
  }

  private void written(String key, long bytes, ChainIndex.Entry entry) {
    if (journal != null) {
      journal.bytesSent.addAndGet(bytes);
      journal.record(key, entry);
    }
  }

  /**
   * Writes {@code file} as the new object {@code key} with its SHA-256 {@code sha256} (base64). An
   * object already there is never replaced: unless it is this very content (a retried request that
   * got through), that is a failure. A file larger than the part size goes up in parts, several at
   * once ({@link MultipartUpload}).
   */
  void putNew(String key, Path file, String sha256) {
    putNew(key, file, sha256, null);
  }

  /**
   * Writes {@code file} as {@link #putNew(String, Path, String)} does; the journal, if any, records
   * {@code entry} with the key (what the object's manifest entry is to say: a resumed upload that
   * skips the object reuses it, rather than describing bytes it encoded again).
   */
  void putNew(String key, Path file, String sha256, ChainIndex.Entry entry) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (size > partSize) {
      MultipartUpload upload =
          new MultipartUpload(this, s3, bucket, key, file, size, partSize, parts());
      if (alreadyWritten(key, upload::compositeChecksum, entry)) {
        return;
      }
      upload.run();
      written(key, 0, entry);
      return;
    }
    if (alreadyWritten(key, () -> sha256, entry)) {
      return;
    }
    put(key, RequestBody.fromFile(file), sha256);
    written(key, size, entry);
  }

  /**
   * Writes {@code bytes} as the new object {@code key}, as {@link #putNew(String, Path, String)}.
   */
  void putNew(String key, byte[] bytes) {
    String sha256 = sha256(bytes);
    if (alreadyWritten(key, () -> sha256, null)) {
      return;
    }
    put(key, RequestBody.fromBytes(bytes), sha256);
    written(key, bytes.length, null);
  }

  private synchronized ExecutorService parts() {
    if (parts == null) {
      AtomicInteger number = new AtomicInteger();
      parts =
          Executors.newFixedThreadPool(
              partsInFlight,
              runnable -> {
                Thread thread = new Thread(runnable, "s3-part-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
    return parts;
  }

  private void put(String key, RequestBody body, String sha256) {
    try {
      s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*").checksumSHA256(sha256), body);
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        refuseUnlessStored(key, sha256, e);
        return;
      }
      if (e.statusCode() == 501) {
        throw conditionalWritesUnsupported(key, e);
      }
      throw failure("writing", key, e);
    } catch (SdkException e) {
      throw failure("writing", key, e);
    }
  }

  /**
   * After a conditional write was refused ({@code refused}, 412) because {@code key} exists: passes
   * when the object there has the checksum {@code sha256} (the store's, as a multipart upload's
   * composite "digest-parts" where it was one), the write a retried request that got through; else
   * fails, the object left as it is.
   */
  void refuseUnlessStored(String key, String sha256, SdkException refused) {
    String stored = storedChecksum(key);
    if (stored != null && withoutPartCount(stored).equals(withoutPartCount(sha256))) {
      return;
    }
    throw new BackupException(
        BackupFailure.TARGET,
        uri(key) + " already exists with other content; objects of a chain are never overwritten",
        refused);
  }

  /** A composite checksum without its "-parts" (base64 has no '-'); another as it is. */
  private static String withoutPartCount(String checksum) {
    int dash = checksum.lastIndexOf('-');
    return dash < 0 ? checksum : checksum.substring(0, dash);
  }

  /** Whether object {@code key} exists. */
  boolean exists(String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("reading", key, e);
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  /** Deletes the objects {@code keys}, a thousand a request, failing on any not deleted. */
  void deleteAll(List<String> keys) {
    for (int from = 0; from < keys.size(); from += 1000) {
      List<ObjectIdentifier> batch =
          keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
              .map(key -> ObjectIdentifier.builder().key(key).build())
              .toList();
      DeleteObjectsResponse response;
      try {
        response =
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
      } catch (SdkException e) {
        throw failure("deleting", batch.get(0).key(), e);
      }
      if (response.hasErrors() && !response.errors().isEmpty()) {
        S3Error error = response.errors().get(0);
        throw new BackupException(
            "AccessDenied".equals(error.code())
                ? BackupFailure.OBJECT_STORE_DENIED
                : BackupFailure.OBJECT_STORE_UNREACHABLE,
            "the object store at "
                + endpoint
                + " did not delete "
                + response.errors().size()
                + " object(s), "
                + uri(error.key())
                + " first: "
                + error.code()
                + " "
                + error.message());
      }
    }
  }

  /** Deletes object {@code key} (nothing when it is absent). */
  void delete(String key) {
    try {
      s3.deleteObject(r -> r.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure("deleting", key, e);
    }
  }

  /** The SHA-256 the store keeps for {@code key}, or null when it keeps none. */
  String storedChecksum(String key) {
    try {
      HeadObjectResponse head =
          s3.headObject(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
      return head.checksumSHA256();
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  /**
   * Reads object {@code key} into {@code file} (absent, or with {@code append} added at its end),
   * failing unless what was read has the SHA-256 {@code sha256} (base64).
   */
  void get(String key, Path file, String sha256) {
    get(key, file, sha256, false);
  }

  void get(String key, Path file, String sha256, boolean append) {
    checkDigest(key, sha256, read(key, file, append));
  }

  /**
   * Reads object {@code key} into {@code file} (absent) whatever it holds; returns the SHA-256
   * (base64) of what was read, for the caller to check.
   */
  String getAnyContent(String key, Path file) {
    return read(key, file, false);
  }

  private String read(String key, Path file, boolean append) {
    try {
      Files.createDirectories(file.getParent());
      MessageDigest digest = sha256Digest();
      s3.getObject(
          r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED),
          ResponseTransformer.unmanaged(
              (response, in) -> {
                try (InputStream digested = new DigestInputStream(in, digest);
                    OutputStream out =
                        append
                            ? Files.newOutputStream(file, StandardOpenOption.APPEND)
                            : Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                  digested.transferTo(out);
                }
                return response;
              }));
      return Base64.getEncoder().encodeToString(digest.digest());
    } catch (SdkException e) {
      throw failure("reading", key, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the small object {@code key}; its checksum, where the store keeps one, is checked. */
  byte[] getBytes(String key) {
    try {
      return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED))
          .asByteArray();
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  /** The names one level below {@code prefix} ("a/b/" for "a/b/c..."), in no particular order. */
  List<String> listFolders(String prefix) {
    try {
      List<String> folders = new ArrayList<>();
      for (var page :
          s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/"))) {
        for (CommonPrefix common : page.commonPrefixes()) {
          folders.add(common.prefix());
        }
      }
      return folders;
    } catch (SdkException e) {
      throw failure("listing", prefix, e);
    }
  }

  /** The keys below {@code prefix}. */
  List<String> listKeys(String prefix) {
    try {
      List<String> keys = new ArrayList<>();
      for (var page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
        for (S3Object object : page.contents()) {
          keys.add(object.key());
        }
      }
      return keys;
    } catch (SdkException e) {
      throw failure("listing", prefix, e);
    }
  }

  String uri(String key) {
    return ObjectStoreLocation.SCHEME + bucket + "/" + key;
  }

  /** Fails unless {@code actual} is the digest {@code expected} of object {@code key}. */
  void checkDigest(String key, String expected, String actual) {
    if (!expected.equals(actual)) {
      throw integrity(
          key,
          "its content does not match its SHA-256 checksum (expected "
              + expected
              + ", read "
              + actual
              + ")");
    }
  }

  /** A failure for object {@code key}, which is damaged or changed in the store. */
  BackupException integrity(String key, String what) {
    return new BackupException(
        BackupFailure.OBJECT_STORE_INTEGRITY,
        "object store integrity: "
            + uri(key)
            + ": "
            + what
            + "; the object was damaged or changed in the store, and is not used");
  }

  /**
   * The failure of a request to the store, doing {@code doing} on object {@code key} (or null):
   * {@code OBJECT_STORE_DENIED} when the store refused it (credentials, permissions, a missing
   * bucket, a request it does not implement: nothing a retry mends), {@code
   * OBJECT_STORE_UNREACHABLE} when it could not answer (no connection, a reset, 5xx after the SDK's
   * retries), {@code OBJECT_STORE_INTEGRITY} when bytes are not what they should be.
   */
  BackupException failure(String doing, String key, SdkException e) {
    String what = doing + (key == null ? "" : " " + uri(key));
    if (e instanceof S3Exception s3e) {
      String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
      int status = s3e.statusCode();
      String answer = status + (code == null ? "" : " " + code);
      if (s3e instanceof NoSuchBucketException
          || "NoSuchBucket".equals(code)
          || (status == 404 && key == null)) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_DENIED,
            "bucket '"
                + bucket
                + "' does not exist at "
                + endpoint
                + " (the store answered "
                + answer
                + " while "
                + what
                + "): create it, or check the bucket name, -endpoint and -region",
            e);
      }
      if (status == 403
          || status == 401
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)
          || "AccessDenied".equals(code)) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_DENIED,
            "the object store at "
                + endpoint
                + " refused the credentials ("
                + answer
                + ") while "
                + what
                + ": check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile or role),"
                + " and that they may use bucket '"
                + bucket
                + "'",
            e);
      }
      if (s3e instanceof NoSuchKeyException || "NoSuchKey".equals(code)) {
        return integrity(key, "it is missing, though the chain's manifest lists it");
      }
      if ("BadDigest".equals(code)
          || "XAmzContentSHA256Mismatch".equals(code)
          || "InvalidDigest".equals(code)) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_INTEGRITY,
            "object store integrity: the store received other bytes than were sent while "
                + what
                + " ("
                + code
                + ")",
            e);
      }
      if (status >= 500 && status != 501) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_UNREACHABLE,
            "the object store at "
                + endpoint
                + " answered "
                + answer
                + " while "
                + what
                + ", also after retries: "
                + s3e.getMessage(),
            e);
      }
      return new BackupException(
          BackupFailure.OBJECT_STORE_DENIED,
          "the object store at "
              + endpoint
              + " refused the request ("
              + answer
              + ") while "
              + what
              + ": "
              + s3e.getMessage(),
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof SdkClientException && message.toLowerCase().contains("checksum")) {
      return new BackupException(
          BackupFailure.OBJECT_STORE_INTEGRITY,
          "object store integrity: "
              + (key == null ? what : uri(key))
              + ": the bytes read do not match the checksum the store keeps for it ("
              + message
              + "); the object was damaged or changed in the store, and is not used",
          e);
    }
    if (message.contains("Unable to load credentials")) {
      return new BackupException(
          BackupFailure.OBJECT_STORE_DENIED,
          "no credentials for the object store at "
              + endpoint
              + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or a web"
              + " identity (while "
              + what
              + ")",
          e);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_UNREACHABLE,
            "the object store at "
                + endpoint
                + " cannot be reached over TLS while "
                + what
                + " (is its certificate signed by a CA the JVM or -ca-bundle trusts?): "
                + cause,
            e);
      }
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException
          || cause instanceof SocketException) {
        return new BackupException(
            BackupFailure.OBJECT_STORE_UNREACHABLE,
            "the object store at " + endpoint + " cannot be reached while " + what + ": " + cause,
            e);
      }
    }
    return new BackupException(
        BackupFailure.OBJECT_STORE_UNREACHABLE,
        "the request to the object store at " + endpoint + " failed while " + what + ": " + message,
        e);
  }

  /**
   * The failure of a write the store answered 501 to: it does not implement the conditional write
   * ({@code If-None-Match: *}) that keeps an object from ever being overwritten, and neo4j-backup
   * does not write without it. Denied: the store refuses what is asked of it, and no retry changes
   * that.
   */
  BackupException conditionalWritesUnsupported(String key, S3Exception e) {
    return new BackupException(
        BackupFailure.OBJECT_STORE_DENIED,
        "the object store at "
            + endpoint
            + " does not implement conditional writes (If-None-Match: *; it answered 501"
            + " NotImplemented while writing "
            + uri(key)
            + "): neo4j-backup writes objects only where nothing is overwritten; use a store that"
            + " supports them, as AWS S3 does",
        e);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  /** The SHA-256 (base64) of {@code length} bytes of {@code file} from {@code offset}. */
  static String sha256(Path file, long offset, long length) throws IOException {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(range(file, offset, length), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  /** Copies {@code length} bytes of {@code file} from {@code offset} into {@code to} (absent). */
  static void copyRange(Path file, long offset, long length, Path to) throws IOException {
    try (InputStream in = range(file, offset, length)) {
      Files.copy(in, to);
    }
  }

  static InputStream range(Path file, long offset, long length) throws IOException {
    java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
    channel.position(offset);
    InputStream in = java.nio.channels.Channels.newInputStream(channel);
    return new java.io.FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  static String sha256(byte[] bytes) {
    return Base64.getEncoder().encodeToString(sha256Digest().digest(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (parts != null) {
        parts.shutdownNow();
      }
    }
    s3.close();
  }
}

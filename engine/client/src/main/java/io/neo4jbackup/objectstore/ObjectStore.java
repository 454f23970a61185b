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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of an S3-compatible object store, as the chains use it: objects written once (with
 * {@code If-None-Match: *}, never over an existing one) and sent with their SHA-256 in the {@code
 * x-amz-checksum-sha256} header, which the store checks; read back with the digest taken again.
 * Failures of the store become {@link BackupException}s that say what to fix: an endpoint that
 * cannot be reached ({@code CONNECTION}), credentials refused ({@code AUTHENTICATION}), a missing
 * bucket ({@code TARGET}), an object that does not match its checksum ({@code PROTOCOL}, the
 * message starting "object store integrity").
 */
final class ObjectStore implements AutoCloseable {
  /** The largest object one PUT writes (S3's limit); larger files need multipart, not yet done. */
  static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String endpoint;

  ObjectStore(ObjectStoreSettings settings, String bucket) {
    this.s3 = settings.client();
    this.bucket = bucket;
    this.endpoint = settings.describeEndpoint();
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
   * Writes {@code file} as the new object {@code key} with its SHA-256 {@code sha256} (base64). An
   * object already there is never replaced: unless it is this very content (a retried request that
   * got through), that is a failure.
   */
  void putNew(String key, Path file, String sha256) {
    try {
      if (Files.size(file) > MAX_SINGLE_PUT) {
        throw new BackupException(
            BackupFailure.TARGET,
            file
                + " is larger than 5 GiB, the most one upload writes: multipart uploads are not"
                + " supported yet");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(key, RequestBody.fromFile(file), sha256);
  }

  /**
   * Writes {@code bytes} as the new object {@code key}, as {@link #putNew(String, Path, String)}.
   */
  void putNew(String key, byte[] bytes) {
    put(key, RequestBody.fromBytes(bytes), sha256(bytes));
  }

  private void put(String key, RequestBody body, String sha256) {
    try {
      s3.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*").checksumSHA256(sha256), body);
    } catch (S3Exception e) {
      if (e.statusCode() == 412 && sha256.equals(storedChecksum(key))) {
        return;
      }
      if (e.statusCode() == 412) {
        throw new BackupException(
            BackupFailure.TARGET,
            uri(key)
                + " already exists with other content; objects of a chain are never overwritten",
            e);
      }
      throw failure("writing", key, e);
    } catch (SdkException e) {
      throw failure("writing", key, e);
    }
  }

  private String storedChecksum(String key) {
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
      checkDigest(key, sha256, Base64.getEncoder().encodeToString(digest.digest()));
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
        BackupFailure.PROTOCOL,
        "object store integrity: "
            + uri(key)
            + ": "
            + what
            + "; the object was damaged or changed in the store, and is not used");
  }

  /** The failure of a request to the store, doing {@code doing} on object {@code key} (or null). */
  BackupException failure(String doing, String key, SdkException e) {
    String what = doing + (key == null ? "" : " " + uri(key));
    if (e instanceof S3Exception s3e) {
      String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
      int status = s3e.statusCode();
      if (s3e instanceof NoSuchBucketException
          || "NoSuchBucket".equals(code)
          || (status == 404 && key == null)) {
        return new BackupException(
            BackupFailure.TARGET,
            "bucket '" + bucket + "' does not exist at " + endpoint + " (while " + what + ")",
            e);
      }
      if (status == 403
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return new BackupException(
            BackupFailure.AUTHENTICATION,
            "the object store at "
                + endpoint
                + " refused the credentials ("
                + (code == null ? "403 Forbidden" : code)
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
      if ("BadDigest".equals(code) || "XAmzContentSHA256Mismatch".equals(code)) {
        return new BackupException(
            BackupFailure.PROTOCOL,
            "object store integrity: the store received other bytes than were sent while "
                + what
                + " ("
                + code
                + ")",
            e);
      }
      return new BackupException(
          status >= 500 ? BackupFailure.CONNECTION : BackupFailure.TARGET,
          "the object store at "
              + endpoint
              + " answered "
              + status
              + (code == null ? "" : " " + code)
              + " while "
              + what
              + ": "
              + s3e.getMessage(),
          e);
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof SdkClientException && message.toLowerCase().contains("checksum")) {
      return new BackupException(
          BackupFailure.PROTOCOL,
          "object store integrity: "
              + (key == null ? what : uri(key))
              + ": the bytes read do not match the checksum the store keeps for it ("
              + message
              + "); the object was damaged or changed in the store, and is not used",
          e);
    }
    if (message.contains("Unable to load credentials")) {
      return new BackupException(
          BackupFailure.AUTHENTICATION,
          "no credentials for the object store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
              + " or AWS_PROFILE, or a web identity (while "
              + what
              + ")",
          e);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException
          || cause instanceof SocketException) {
        return new BackupException(
            BackupFailure.CONNECTION,
            "the object store at " + endpoint + " cannot be reached while " + what + ": " + cause,
            e);
      }
    }
    return new BackupException(
        BackupFailure.CONNECTION,
        "the request to the object store at " + endpoint + " failed while " + what + ": " + message,
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

  private static InputStream range(Path file, long offset, long length) throws IOException {
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
    s3.close();
  }
}

package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.ChainFiles;
import io.neo4jbackup.client.Inspection;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.Compression;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;

/**
 * Backups in object storage ({@code s3://bucket/prefix}), made and used through a local work
 * directory: a full backup is taken there as into any directory, then copied up as a new chain; a
 * restore or an inspection copies the newest complete chain down (every object checked against its
 * SHA-256), rebuilds its newest state, and runs the local restore. The work directory (a new one
 * under {@code work}, or under {@code java.io.tmpdir}) is deleted afterwards, whatever happened.
 * Objects are compressed and encrypted as {@link #encoded(Compression, EncryptionKey)} says, and
 * read back as their chain's manifest says.
 */
public final class ObjectStoreBackups {
  private final ObjectStoreSettings settings;
  private final Path work;
  private final Clock clock;
  private final Compression compression;
  private final EncryptionKey key;

  public ObjectStoreBackups(ObjectStoreSettings settings, Path work, Clock clock) {
    this(settings, work, clock, null, null);
  }

  private ObjectStoreBackups(
      ObjectStoreSettings settings,
      Path work,
      Clock clock,
      Compression compression,
      EncryptionKey key) {
    this.settings = settings;
    this.work = work;
    this.clock = clock;
    this.compression = compression;
    this.key = key;
  }

  /**
   * These backups with objects compressed with {@code compression} (null: none for a new chain, the
   * chain's own for an incremental) and encrypted with {@code key} (null: not encrypted; a chain
   * encrypted with a key is read only with it).
   */
  public ObjectStoreBackups encoded(Compression compression, EncryptionKey key) {
    return new ObjectStoreBackups(settings, work, clock, compression, key);
  }

  /** A full backup and where it went: the chain's location, how many objects, how many bytes. */
  public record Uploaded(BackupResult result, String chainUri, int objects, long bytes) {}

  /**
   * Takes a full backup with {@code backup} into a work directory, then copies it to {@code to} as
   * a new chain. The bucket is checked first, so that wrong credentials or a missing bucket fail
   * before the server streams anything.
   */
  public Uploaded full(OnlineBackup backup, ObjectStoreLocation to) {
    try (ObjectStore store = new ObjectStore(settings, to.bucket())) {
      store.checkBucket();
      Path directory = workDirectory();
      try {
        Path local = directory.resolve("backup");
        BackupResult result = backup.full(local);
        EncodedObjects objects =
            EncodedObjects.forNewChain(store, new ObjectEncoding(compression, key), directory);
        ChainUpload.Uploaded uploaded =
            ChainUpload.uploadNewChain(store, objects, to, local, clock);
        return new Uploaded(
            withTarget(result, uploaded.chainUri()),
            uploaded.chainUri(),
            uploaded.objects(),
            uploaded.bytes());
      } finally {
        deleteQuietly(directory);
      }
    }
  }

  /**
   * Takes an incremental backup with {@code backup} into the newest complete chain at {@code to}:
   * the chain is copied down into a work directory (every object checked) and its newest state
   * rebuilt, the incremental runs there as into any backup, and only what it appended to the logs
   * is copied up, with the run's manifests; the store never is.
   */
  public Uploaded incremental(OnlineBackup backup, ObjectStoreLocation to) {
    try (ObjectStore store = new ObjectStore(settings, to.bucket())) {
      store.checkBucket();
      ChainDownload.Found found = ChainDownload.newest(store, to);
      Path directory = workDirectory();
      try {
        EncodedObjects objects =
            EncodedObjects.forChain(store, to, found, key, compression, true, directory);
        Path local = directory.resolve(found.chain());
        ChainDownload.download(store, objects, to, found, local);
        ChainFiles.rebuildNewestState(local, Progress.NONE);
        BackupResult result = backup.incremental(local);
        ChainUpload.Uploaded uploaded =
            ChainUpload.uploadIncrement(store, objects, to, found, local, directory, clock);
        return new Uploaded(
            withTarget(result, uploaded.chainUri()),
            uploaded.chainUri(),
            uploaded.objects(),
            uploaded.bytes());
      } catch (IOException e) {
        throw new BackupException(
            BackupFailure.TARGET,
            "rebuilding the chain in the work directory " + directory + " failed: " + e,
            e);
      } finally {
        deleteQuietly(directory);
      }
    }
  }

  /**
   * Restores {@code point} of the newest complete chain at {@code from} into {@code dataDirectory},
   * as {@link Restore#restore(Path, Path, String, boolean, RestorePoint, boolean)} does for a
   * directory.
   */
  public Restore.Result restore(
      ObjectStoreLocation from,
      Path dataDirectory,
      String name,
      boolean keepPrevious,
      RestorePoint point,
      boolean verify,
      Progress progress) {
    try (ObjectStore store = new ObjectStore(settings, from.bucket())) {
      ChainDownload.Found found = ChainDownload.newest(store, from);
      Path directory = workDirectory();
      try {
        EncodedObjects objects =
            EncodedObjects.forChain(store, from, found, key, null, false, directory);
        Path local = directory.resolve(found.chain());
        ChainDownload.download(store, objects, from, found, local);
        ChainFiles.rebuildNewestState(local, progress);
        return new Restore(clock, progress)
            .restore(local, dataDirectory, name, keepPrevious, point, verify);
      } catch (IOException e) {
        throw new BackupException(
            BackupFailure.TARGET,
            "rebuilding the chain in the work directory " + directory + " failed: " + e,
            e);
      } finally {
        deleteQuietly(directory);
      }
    }
  }

  /**
   * Describes the newest complete chain at {@code location} from its manifests alone (nothing else
   * is read): its window, runs and the space its objects take.
   */
  public Inspection inspect(ObjectStoreLocation location) {
    try (ObjectStore store = new ObjectStore(settings, location.bucket())) {
      ChainDownload.Found found = ChainDownload.newest(store, location);
      String chainPrefix = location.key(found.chain()) + "/";
      ChainIndex.Entry manifestEntry =
          found.index().objects().stream()
              .filter(entry -> entry.path().equals(Manifest.FILE_NAME))
              .findFirst()
              .orElseThrow(
                  () -> store.integrity(found.manifestKey(), "it lists no backup manifest"));
      Path directory = workDirectory();
      Manifest manifest;
      try {
        EncodedObjects objects =
            EncodedObjects.forChain(store, location, found, key, null, false, directory);
        Path local = directory.resolve(found.chain());
        objects.get(
            found.chain(), chainPrefix, manifestEntry, local.resolve(Manifest.FILE_NAME), false);
        manifest = Manifest.readFrom(local);
      } catch (IOException e) {
        throw new BackupException(
            BackupFailure.TARGET,
            "reading the chain's manifest into the work directory " + directory + " failed: " + e,
            e);
      } finally {
        deleteQuietly(directory);
      }
      long base = 0;
      long logs = 0;
      long total = 0;
      for (ChainIndex.Entry entry : found.index().objects()) {
        total += entry.size();
        if (entry.path().startsWith(BackupLayout.BASE + "/")) {
          base += entry.size();
        } else if (entry.path().startsWith(BackupLayout.TRANSACTIONS + "/")) {
          logs += entry.size();
        }
      }
      return new Inspection(
          store.uri(location.key(found.chain())),
          manifest.database(),
          manifest.storeId().toString(),
          manifest.formatVersion(),
          manifest.window(),
          manifest.chainRuns(),
          new Inspection.Space(total, base, 0, logs),
          manifest.verificationFailure(),
          found.incomplete().isEmpty()
              ? null
              : "newer chains without a manifest (uploads that did not finish) were passed over: "
                  + found.incomplete());
    }
  }

  private Path workDirectory() {
    try {
      Path parent = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "neo4j-backup-s3-");
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET, "cannot create a work directory: " + e.getMessage(), e);
    }
  }

  private static BackupResult withTarget(BackupResult r, String target) {
    return new BackupResult(
        r.mode(),
        target,
        r.database(),
        r.storeId(),
        r.member(),
        r.clusterName(),
        r.firstTxId(),
        r.lastTxId(),
        r.bytes(),
        r.files(),
        r.duration(),
        r.verified(),
        r.verification(),
        r.members(),
        r.window(),
        r.drill(),
        r.phases());
  }

  private static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // The work directory is scratch under a temporary folder; what is left is only space.
    }
  }
}

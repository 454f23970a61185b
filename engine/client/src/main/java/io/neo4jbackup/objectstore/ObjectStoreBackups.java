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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Backups in object storage ({@code s3://bucket/prefix}, or one chain of it: {@code
 * s3://bucket/prefix/chain-<time>}), made and used through a local work directory: a full backup is
 * taken there as into any directory, then copied up as a new chain; a restore or an inspection
 * copies the named or the newest complete chain down (every object checked against its SHA-256),
 * rebuilds its newest state, and runs the local restore. The work directory (a new one under {@code
 * work}, or under {@code java.io.tmpdir}) is deleted afterwards, whatever happened. Objects are
 * compressed and encrypted as {@link #encoded(Compression, EncryptionKey)} says, and read back as
 * their chain's manifest says; an upload an earlier run left is finished with the encoding it began
 * with, and the objects it had sent keep the manifest entries recorded when they were sent.
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

  /**
   * An upload an earlier run with the same {@code -work} left unfinished, finished by this run
   * before its own backup: the chain, how many objects were already in the store and not sent
   * again, how many parts of an unfinished multipart upload were reused, how many bytes were sent;
   * or, when it could not be finished (its chain was deleted or moved on), why it was given up.
   */
  public record Resumed(
      String chainUri, int objectsSkipped, int partsReused, long bytesSent, String givenUp) {}

  /**
   * A backup and where it went: the chain's location, how many objects, how many bytes; and the
   * earlier run's upload it finished first, or null.
   */
  public record Uploaded(
      BackupResult result, String chainUri, int objects, long bytes, Resumed resumed) {}

  /**
   * Takes a full backup with {@code backup} into a work directory, then copies it to {@code to} as
   * a new chain. The bucket is checked first, so that wrong credentials or a missing bucket fail
   * before the server streams anything. {@code to} is where chains are kept, not a chain.
   */
  public Uploaded full(OnlineBackup backup, ObjectStoreLocation to) {
    if (to.chain() != null) {
      throw new BackupException(
          BackupFailure.USAGE,
          "a full backup starts a new chain below a prefix: "
              + to
              + " names a chain; give "
              + to.parent()
              + ", or -incremental to continue that chain");
    }
    try (ObjectStore store = new ObjectStore(settings, to.bucket());
        WorkDirectory.Hold hold = hold(to)) {
      store.checkBucket();
      Resumed resumed = finishPending(store, to);
      return full(store, backup, to, resumed);
    }
  }

  private Uploaded full(
      ObjectStore store, OnlineBackup backup, ObjectStoreLocation to, Resumed resumed) {
    Path directory = workDirectory(to);
    boolean keep = false;
    try {
      Path local = directory.resolve("backup");
      BackupResult result = backup.full(local);
      Instant startedAt = clock.instant();
      Clock at = Clock.fixed(startedAt, ZoneOffset.UTC);
      String chain = ChainUpload.newChainName(at);
      ObjectEncoding encoding = new ObjectEncoding(compression, key);
      EncodedObjects objects = EncodedObjects.forNewChain(store, encoding, directory);
      try (ChainLease lease =
          ChainLease.take(store, to.key(chain) + "/", "full backup, uploading", clock)) {
        keep =
            beginUpload(
                store,
                directory,
                new PendingUpload(
                    to.toString(),
                    chain,
                    true,
                    0,
                    startedAt,
                    "backup",
                    encoding.compression().argument(),
                    fingerprint(encoding)));
        ChainUpload.Uploaded uploaded =
            ChainUpload.uploadNewChain(store, objects, to, chain, local, at);
        keep = work != null;
        if (keep) {
          LocalChainCopy.keep(directory, chain, local);
        }
        return new Uploaded(
            result.withTarget(uploaded.chainUri()),
            uploaded.chainUri(),
            uploaded.objects(),
            uploaded.bytes(),
            resumed);
      }
    } finally {
      store.journal(null);
      if (!keep) {
        WorkDirectory.deleteQuietly(directory);
      }
    }
  }

  /**
   * With {@code -work}, records the upload about to begin in {@code directory} (kept when the
   * upload fails or the process dies) and journals what is sent; returns whether it did.
   */
  private boolean beginUpload(ObjectStore store, Path directory, PendingUpload pending) {
    if (work == null) {
      return false;
    }
    pending.write(directory);
    store.journal(new UploadJournal(directory.resolve(PendingUpload.JOURNAL)));
    return true;
  }

  /**
   * Finishes the upload an earlier run with the same work directory and {@code holder} left (its
   * objects already in the store not sent again), publishing its manifest; null when there is none.
   * An upload that cannot be finished any more (its chain was deleted, or a later run added to it)
   * is given up, its local copy deleted; a store that cannot be reached or refuses fails the run,
   * and the upload stays pending.
   */
  private Resumed finishPending(ObjectStore store, ObjectStoreLocation holder) {
    if (work == null) {
      return null;
    }
    Path directory = PendingUpload.directory(work, holder);
    PendingUpload pending =
        WorkDirectory.isMarked(directory) ? PendingUpload.read(directory) : null;
    if (pending == null || !pending.location().equals(holder.toString())) {
      return null;
    }
    String chainUri = store.uri(holder.key(pending.chain()));
    Clock at = Clock.fixed(pending.startedAt(), ZoneOffset.UTC);
    Path local = directory.resolve(pending.backup());
    UploadJournal journal = new UploadJournal(directory.resolve(PendingUpload.JOURNAL));
    try (ChainLease lease =
        ChainLease.take(
            store, holder.key(pending.chain()) + "/", "finishing an earlier upload", clock)) {
      deleteSegments(directory);
      journal.retainOnly(store.listKeys(holder.key(pending.chain()) + "/"));
      store.journal(journal);
      if (pending.full()) {
        EncodedObjects objects =
            EncodedObjects.forNewChain(store, pendingEncoding(pending, chainUri), directory);
        ChainUpload.uploadNewChain(store, objects, holder, pending.chain(), local, at);
      } else {
        ChainDownload.Found found =
            ChainDownload.find(
                store, new ObjectStoreLocation(holder.bucket(), holder.key(pending.chain())));
        if (found.index().sequence() != pending.sequence()) {
          WorkDirectory.deleteQuietly(directory);
          return new Resumed(
              chainUri,
              0,
              0,
              0,
              "the chain's newest manifest is "
                  + found.index().sequence()
                  + ", not "
                  + pending.sequence()
                  + " the pending run was taken on: it was published, or another run added to"
                  + " the chain since");
        }
        // The chain's own key check; a key this run was given for another chain is not used here.
        EncodedObjects objects =
            EncodedObjects.forChain(
                store,
                holder,
                found,
                found.index().keyFingerprint() == null ? null : key,
                pending.compression() == null ? null : compression(pending.compression()),
                true,
                directory);
        ChainUpload.uploadIncrement(store, objects, holder, found, local, directory, at);
      }
      WorkDirectory.deleteQuietly(directory);
      return new Resumed(
          chainUri,
          journal.objectsSkipped.get(),
          journal.partsReused.get(),
          journal.bytesSent.get(),
          null);
    } catch (BackupException e) {
      if (e.failure() == BackupFailure.OBJECT_STORE_UNREACHABLE
          || e.failure() == BackupFailure.OBJECT_STORE_DENIED) {
        throw new BackupException(
            e.failure(),
            "finishing the upload of "
                + chainUri
                + " an earlier run left in "
                + directory
                + " failed: "
                + e.getMessage(),
            e);
      }
      WorkDirectory.deleteQuietly(directory);
      return new Resumed(chainUri, 0, 0, 0, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      store.journal(null);
    }
  }

  /**
   * With {@code -work}, this run's hold on the work directory of {@code holder}, which a run with
   * the same -work and location would otherwise empty under it; without, nothing to hold.
   */
  private WorkDirectory.Hold hold(ObjectStoreLocation holder) {
    return work == null ? () -> {} : WorkDirectory.hold(PendingUpload.directory(work, holder));
  }

  /** The fingerprint of the key objects are encrypted with, or null. */
  private static String fingerprint(ObjectEncoding encoding) {
    return encoding.key() == null ? null : encoding.key().fingerprint();
  }

  /** The compression {@code -compression} names {@code argument}. */
  private static Compression compression(String argument) {
    for (Compression value : Compression.values()) {
      if (value.argument().equals(argument)) {
        return value;
      }
    }
    throw new BackupException(
        BackupFailure.INTERNAL, "a pending upload names an unknown compression: " + argument);
  }

  /**
   * How the pending full backup {@code pending} encodes its objects: as it began, with this run's
   * key when the upload is encrypted, which must be the one it began with ({@code
   * OBJECT_STORE_DENIED} else, the upload left pending).
   */
  private ObjectEncoding pendingEncoding(PendingUpload pending, String chainUri) {
    Compression pendingCompression =
        pending.compression() == null ? Compression.NONE : compression(pending.compression());
    String fingerprint = pending.keyFingerprint();
    if (fingerprint == null) {
      return new ObjectEncoding(pendingCompression, null);
    }
    if (key == null || !key.fingerprint().equals(fingerprint)) {
      throw new BackupException(
          BackupFailure.OBJECT_STORE_DENIED,
          "the upload of "
              + chainUri
              + " is encrypted with the key of fingerprint "
              + fingerprint
              + (key == null
                  ? ", and no -encryption-key-file was given"
                  : ", not the one in -encryption-key-file (fingerprint " + key.fingerprint() + ")")
              + ": give that key to finish it; nothing was sent");
    }
    return new ObjectEncoding(pendingCompression, key);
  }

  private static void deleteSegments(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().startsWith("segment-")) {
          Files.delete(file);
        }
      }
    }
  }

  /**
   * Takes an incremental backup with {@code backup} into the chain {@code to} names ({@code
   * prefix/chain-<time>}, which must be complete), or else the newest complete chain below {@code
   * to}: the chain is copied down into a work directory (every object checked) and its newest state
   * rebuilt, the incremental runs there as into any backup, and only what it appended to the logs
   * is copied up, with the run's manifests; the store never is. The chain is leased meanwhile. With
   * {@code -work}, the local copy is kept after a successful run, and the next incremental into the
   * same chain uses it instead of copying the chain down when it is up to date ({@link
   * LocalChainCopy}).
   */
  public Uploaded incremental(OnlineBackup backup, ObjectStoreLocation to) {
    try (ObjectStore store = new ObjectStore(settings, to.bucket());
        WorkDirectory.Hold hold = hold(to.holder())) {
      store.checkBucket();
      Resumed resumed = finishPending(store, to.holder());
      return incremental(store, backup, to.holder(), ChainDownload.find(store, to), resumed);
    }
  }

  /**
   * A backup without a mode: an incremental into the chain {@code to} names, or into the newest
   * complete chain below {@code to}; a full backup as a new chain when there is none.
   */
  public Uploaded backup(OnlineBackup backup, ObjectStoreLocation to) {
    try (ObjectStore store = new ObjectStore(settings, to.bucket());
        WorkDirectory.Hold hold = hold(to.holder())) {
      store.checkBucket();
      Resumed resumed = finishPending(store, to.holder());
      if (to.chain() != null) {
        return incremental(store, backup, to.holder(), ChainDownload.find(store, to), resumed);
      }
      ChainDownload.Found newest = ChainDownload.newestOrNull(store, to);
      return newest == null
          ? full(store, backup, to, resumed)
          : incremental(store, backup, to, newest, resumed);
    }
  }

  private Uploaded incremental(
      ObjectStore store,
      OnlineBackup backup,
      ObjectStoreLocation holder,
      ChainDownload.Found chain,
      Resumed resumed) {
    String chainPrefix = holder.key(chain.chain()) + "/";
    try (ChainLease lease = ChainLease.take(store, chainPrefix, "incremental backup", clock)) {
      // Read again under the lease: what was found before it may have been deleted since.
      ChainDownload.Found found =
          ChainDownload.find(
              store, new ObjectStoreLocation(holder.bucket(), holder.key(chain.chain())));
      // The key is checked against the chain before anything, the kept copy included, is used.
      EncodedObjects checked =
          EncodedObjects.forChain(store, holder, found, key, compression, true, null);
      Path kept = work == null ? null : PendingUpload.directory(work, holder);
      boolean reused = kept != null && LocalChainCopy.reuse(kept, found);
      Path directory = reused ? kept : workDirectory(holder);
      EncodedObjects objects = checked.withScratch(directory);
      boolean keep = false;
      try {
        Path local = directory.resolve(found.chain());
        if (!reused) {
          ChainDownload.download(store, objects, holder, found, local);
          ChainFiles.rebuildNewestState(local, Progress.NONE);
        }
        BackupResult result = backup.incremental(local);
        Instant startedAt = clock.instant();
        keep =
            beginUpload(
                store,
                directory,
                new PendingUpload(
                    holder.toString(),
                    found.chain(),
                    false,
                    found.index().sequence(),
                    startedAt,
                    found.chain(),
                    objects.writing().compression().argument(),
                    fingerprint(objects.writing())));
        ChainUpload.Uploaded uploaded =
            ChainUpload.uploadIncrement(
                store,
                objects,
                holder,
                found,
                local,
                directory,
                Clock.fixed(startedAt, ZoneOffset.UTC));
        keep = work != null;
        if (keep) {
          LocalChainCopy.keep(directory, found.chain(), local);
        }
        return new Uploaded(
            result.withTarget(uploaded.chainUri()),
            uploaded.chainUri(),
            uploaded.objects(),
            uploaded.bytes(),
            resumed);
      } catch (IOException e) {
        throw new BackupException(
            BackupFailure.TARGET,
            "rebuilding the chain in the work directory " + directory + " failed: " + e,
            e);
      } finally {
        store.journal(null);
        if (!keep) {
          WorkDirectory.deleteQuietly(directory);
        }
      }
    }
  }

  /** A deleted chain: its location and how many objects it had (0: there was none). */
  public record Deleted(String chainUri, int objects) {}

  /**
   * Deletes the chain {@code chain} names ({@code s3://bucket/prefix/chain-<time>}): its manifest
   * objects first, newest first (so that a reader never takes what remains for a chain, and one
   * reading meanwhile sees an earlier complete state), then every other object below the chain's
   * prefix, and nothing outside it. Refused while a backup or a restore holds a lease on the chain
   * ({@code TARGET_BUSY}), and, deleting nothing, when the location is not a chain or holds an
   * object a chain does not ({@code TARGET}). A chain that is not there is already deleted.
   */
  public Deleted delete(ObjectStoreLocation chain) {
    if (chain.chain() == null) {
      throw new BackupException(
          BackupFailure.TARGET,
          chain
              + " is not a chain's prefix (s3://bucket/prefix/"
              + ChainUpload.CHAIN_PREFIX
              + "<time>): only one chain at a time is deleted");
    }
    try (ObjectStore store = new ObjectStore(settings, chain.bucket())) {
      store.checkBucket();
      String chainPrefix = chain.prefix() + "/";
      List<ChainLease.Holder> leases = ChainLease.active(store, chainPrefix, clock.instant());
      if (!leases.isEmpty()) {
        ChainLease.Holder lease = leases.get(0);
        throw new BackupException(
            BackupFailure.TARGET_BUSY,
            chain
                + " is in use ("
                + lease.purpose()
                + " by "
                + lease.holder()
                + " since "
                + lease.takenAt()
                + ", lease until "
                + lease.expiresAt()
                + "): nothing was deleted");
      }
      List<String> keys = store.listKeys(chainPrefix);
      List<String> manifests = new ArrayList<>();
      List<String> rest = new ArrayList<>();
      for (String key : keys) {
        String relative = key.substring(chainPrefix.length());
        if (relative.startsWith("manifests/")) {
          manifests.add(key);
        } else if (CHAIN_FOLDERS.stream().anyMatch(relative::startsWith)) {
          rest.add(key);
        } else {
          throw new BackupException(
              BackupFailure.TARGET,
              chain
                  + " holds "
                  + store.uri(key)
                  + ", which no chain of neo4j-backup's holds: nothing was deleted");
        }
      }
      manifests.sort(Comparator.reverseOrder());
      for (String manifest : manifests) {
        store.delete(manifest);
      }
      store.deleteAll(rest);
      return new Deleted(chain.toString(), keys.size());
    }
  }

  /** What a chain's prefix holds, besides its manifests. */
  private static final List<String> CHAIN_FOLDERS =
      List.of(BackupLayout.BASE + "/", BackupLayout.TRANSACTIONS + "/", "runs/", ChainLease.FOLDER);

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
      ObjectStoreLocation holder = from.holder();
      String chain = ChainDownload.find(store, from).chain();
      String chainPrefix = holder.key(chain) + "/";
      Path directory = workDirectory();
      try (ChainLease lease = ChainLease.take(store, chainPrefix, "restore", clock)) {
        // Read again under the lease: what was found before it may have been deleted since.
        ChainDownload.Found found =
            ChainDownload.find(store, new ObjectStoreLocation(holder.bucket(), holder.key(chain)));
        EncodedObjects objects =
            EncodedObjects.forChain(store, holder, found, key, null, false, directory);
        Path local = directory.resolve(found.chain());
        ChainDownload.download(store, objects, holder, found, local);
        ChainFiles.rebuildNewestState(local, progress);
        return new Restore(clock, progress)
            .restore(local, dataDirectory, name, keepPrevious, point, verify);
      } catch (IOException e) {
        throw new BackupException(
            BackupFailure.TARGET,
            "rebuilding the chain in the work directory " + directory + " failed: " + e,
            e);
      } finally {
        WorkDirectory.deleteQuietly(directory);
      }
    }
  }

  /**
   * Describes the newest complete chain at {@code location} from its manifests alone (nothing else
   * is read): its window, runs and the space its objects take.
   */
  public Inspection inspect(ObjectStoreLocation location) {
    try (ObjectStore store = new ObjectStore(settings, location.bucket())) {
      ChainDownload.Found found = ChainDownload.find(store, location);
      location = location.holder();
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
        WorkDirectory.deleteQuietly(directory);
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
    return WorkDirectory.create(
        work != null ? work : Path.of(System.getProperty("java.io.tmpdir")), "neo4j-backup-s3-");
  }

  /**
   * The work directory of a backup to {@code holder}: with {@code -work}, always the same one below
   * it (emptied first when the engine made it, refused when it did not: {@link WorkDirectory}; an
   * upload left there was finished or given up before), so that a run after one that died finds its
   * upload; else a new temporary one.
   */
  private Path workDirectory(ObjectStoreLocation holder) {
    if (work == null) {
      return workDirectory();
    }
    return WorkDirectory.claim(PendingUpload.directory(work, holder));
  }
}

package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.client.Restore;
import io.neo4jbackup.client.RestorePoint;
import io.neo4jbackup.contract.Compression;
import io.neo4jbackup.objectstore.EncryptionKey;
import io.neo4jbackup.objectstore.ObjectStoreBackups;
import io.neo4jbackup.objectstore.ObjectStoreLocation;
import io.neo4jbackup.objectstore.ObjectStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neo4j.driver.Session;

/**
 * Backups into object storage side by side with a backup directory, in one run against one store: a
 * full backup into a directory and into a local S3Proxy (filesystem store, same disk) with each of
 * no compression, zstd, lz4, encryption and zstd with encryption; then {@value #TRANSACTIONS}
 * one-node transactions and an incremental into each; then a restore of each's newest state. The
 * table gives seconds, the bytes each holds (the chain's objects as S3Proxy keeps them, manifests
 * included) and their ratio to the directory's. In process, with a warm JVM: what the object store
 * path adds is the upload (and for an incremental, the download of the chain first), encoding and
 * decoding. The store is made once per size and kept in the work directory.
 *
 * <p>Usage: {@code S3Benchmark [WORK_DIR] [STORE_MIB]}.
 */
public final class S3Benchmark {
  private static final int TRANSACTIONS = 1000;
  private static final String BUCKET = "bench";

  private record Variant(String name, Compression compression, boolean encrypted) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant("s3 none", Compression.NONE, false),
          new Variant("s3 zstd", Compression.ZSTD, false),
          new Variant("s3 lz4", Compression.LZ4, false),
          new Variant("s3 encrypted", Compression.NONE, true),
          new Variant("s3 zstd+encrypted", Compression.ZSTD, true));

  /** One row: what was timed and how many bytes the target holds after it. */
  private record Row(
      String target,
      double full,
      long fullBytes,
      double incremental,
      long incrementalBytes,
      double restore) {}

  public static void main(String[] args) throws Exception {
    Path work =
        Path.of(args.length > 0 ? args[0] : "engine/harness/target/s3-benchmark").toAbsolutePath();
    int storeMib = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    Files.createDirectories(work);
    Path scratch = work.resolve("scratch");
    Directories.delete(scratch);
    Files.createDirectories(scratch);
    byte[] keyBytes = new byte[32];
    new SecureRandom().nextBytes(keyBytes);
    Path keyFile =
        Files.writeString(scratch.resolve("key"), Base64.getEncoder().encodeToString(keyBytes));
    EncryptionKey key = EncryptionKey.read(keyFile);

    List<Row> rows = new ArrayList<>();
    try (Neo4jServer server = Neo4jServer.start(work.resolve("neo4j-" + storeMib));
        LocalS3Proxy s3 = LocalS3Proxy.start(scratch.resolve("s3proxy"))) {
      long missingMib =
          storeMib - Directories.size(server.databaseDirectory("neo4j")) / (1024 * 1024);
      if (missingMib > 0) {
        System.out.printf("Loading about %d MiB (once; later runs reuse it)%n", missingMib);
        Ballast.add(server.driver(), (int) missingMib);
      }
      long storeBytes = Directories.size(server.databaseDirectory("neo4j"));
      System.out.printf(
          Locale.ROOT, "Store: %.0f MiB in the database directory%n", storeBytes / 1048576.0);
      s3.createBucket(BUCKET);
      ObjectStoreSettings settings =
          new ObjectStoreSettings(s3.endpoint(), "us-east-1", true, s3.credentials());
      ObjectStoreBackups plain =
          new ObjectStoreBackups(settings, scratch.resolve("work"), Clock.systemUTC());

      // A warm-up full backup, not timed: both JVMs compile their hot paths.
      OnlineBackup.from(server.backupUri()).full(scratch.resolve("warm-up"));
      Directories.delete(scratch.resolve("warm-up"));

      // One target after the other, each deleted once measured, so that the disk holds one at a
      // time: a full backup, the same number of transactions, an incremental, a restore.
      Path directory = scratch.resolve("directory");
      Path data = scratch.resolve("restored");
      double full =
          time("directory full", () -> OnlineBackup.from(server.backupUri()).full(directory));
      long fullBytes = Directories.size(directory);
      write(server, TRANSACTIONS);
      double incremental =
          time(
              "directory incremental",
              () -> OnlineBackup.from(server.backupUri()).incremental(directory));
      long incrementalBytes = Directories.size(directory) - fullBytes;
      double restore =
          time(
              "directory restore",
              () -> new Restore(Clock.systemUTC()).restore(directory, data, "neo4j", false));
      rows.add(new Row("directory", full, fullBytes, incremental, incrementalBytes, restore));
      Directories.delete(directory);
      Directories.delete(data);
      for (Variant variant : VARIANTS) {
        ObjectStoreBackups backups = encoded(plain, variant, key);
        ObjectStoreLocation location = location(variant);
        Path chains = s3.folder(BUCKET, location.prefix());
        full =
            time(
                variant.name() + " full",
                () -> backups.full(OnlineBackup.from(server.backupUri()), location));
        fullBytes = Directories.size(chains);
        write(server, TRANSACTIONS);
        incremental =
            time(
                variant.name() + " incremental",
                () -> backups.incremental(OnlineBackup.from(server.backupUri()), location));
        incrementalBytes = Directories.size(chains) - fullBytes;
        restore =
            time(
                variant.name() + " restore",
                () ->
                    backups.restore(
                        location,
                        data,
                        "neo4j",
                        false,
                        RestorePoint.newest(),
                        false,
                        Progress.NONE));
        rows.add(new Row(variant.name(), full, fullBytes, incremental, incrementalBytes, restore));
        Directories.delete(chains);
        Directories.delete(data);
      }

      System.out.printf(
          Locale.ROOT,
          "%nStore %.0f MiB; incremental after %d one-node transactions; %d cores%n",
          storeBytes / 1048576.0,
          TRANSACTIONS,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "| target | full s | full MiB stored | ratio | incremental s | incremental KiB added | ratio | restore s |%n");
      System.out.printf("|---|---|---|---|---|---|---|---|%n");
      Row base = rows.get(0);
      for (Row row : rows) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %.2f | %.1f | %.2f | %.2f | %.0f | %.2f | %.2f |%n",
            row.target(),
            row.full(),
            row.fullBytes() / 1048576.0,
            row.fullBytes() / (double) base.fullBytes(),
            row.incremental(),
            row.incrementalBytes() / 1024.0,
            row.incrementalBytes() / (double) base.incrementalBytes(),
            row.restore());
      }
    } finally {
      Directories.delete(scratch);
    }
  }

  private static ObjectStoreBackups encoded(
      ObjectStoreBackups plain, Variant variant, EncryptionKey key) {
    return plain.encoded(variant.compression(), variant.encrypted() ? key : null);
  }

  private static ObjectStoreLocation location(Variant variant) {
    return ObjectStoreLocation.parse(
        "s3://" + BUCKET + "/" + variant.name().replace(' ', '-').replace('+', '-'));
  }

  private static double time(String what, Callable<?> action) throws Exception {
    Commands.sync();
    long start = System.nanoTime();
    action.call();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "  %s: %.2f s%n", what, seconds);
    return seconds;
  }

  private static void write(Neo4jServer server, int count) {
    try (Session session = server.driver().session()) {
      for (int i = 0; i < count; i++) {
        session.executeWrite(tx -> tx.run("CREATE (:S3Benchmark {at: timestamp()})").consume());
      }
    }
  }
}

package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * A verified incremental replays in a copy of the backup in staging, whose sealed transaction logs
 * are hard links to the backup's: neither a passed nor a failed verification may change a byte of
 * the backup through them. Each test keeps its own hard links to every file of the backup (a
 * snapshot), so a write to any of the backup's files, linked into staging or not, shows there.
 */
class SealedLogLinksIT {
  private static final String PREFIX = "neostore.transaction.db.";

  @TempDir static Path work;
  static Neo4jServer server;

  @BeforeAll
  static void start() {
    // Small logs: every 1 MiB transaction of ballast seals one.
    server = Neo4jServer.start(work.resolve("neo4j"), Map.of("db.tx_log.rotation.size", "128k"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aVerifiedIncrementalLinksTheSealedLogsAndChangesNoByteOfThePreviousBackup() {
    Path target = backupWithSealedLogs("passed");
    long lastLog = Manifest.readFrom(target).logVersion();
    Map<String, String> before = Trees.fingerprint(target);
    Path snapshot = linkEveryFile(target, work.resolve("passed-snapshot"));
    write(3, 50);

    BackupResult result = OnlineBackup.from(server.backupUri()).verify(true).incremental(target);

    assertThat(result.verified()).isTrue();
    assertThat(Trees.fingerprint(snapshot))
        .as("every file of the previous backup, byte for byte")
        .isEqualTo(before);
    List<Long> versions = logVersions(snapshot);
    assertThat(versions).as("sealed logs to link").anyMatch(version -> version < lastLog - 1);
    for (long version : versions) {
      Path published = logDirectory(target).resolve(PREFIX + version);
      assertThat(sameFile(published, logDirectory(snapshot).resolve(PREFIX + version)))
          .as(
              "log %d (the previous backup's last is %d) is the previous backup's file",
              version, lastLog)
          .isEqualTo(version < lastLog - 1);
    }
    assertThat(logVersions(target)).as("new logs").anyMatch(version -> version > lastLog);
    Path nodes = Path.of("databases/neo4j/neostore.nodestore.db");
    assertThat(sameFile(target.resolve(nodes), snapshot.resolve(nodes)))
        .as("the store is copied: recovery writes it")
        .isFalse();
  }

  @Test
  void aFailedVerificationChangesNoByteOfTheBackupAndLeavesNoLinkBehind() throws IOException {
    Path target = backupWithSealedLogs("failed");
    long lastTxId = Manifest.readFrom(target).lastTxId();
    IncrementalBackupIT.corruptANode(target);
    Map<String, String> before = Trees.fingerprint(target);
    Path snapshot = linkEveryFile(target, work.resolve("failed-snapshot"));
    write(3, 50);

    assertThatThrownBy(() -> OnlineBackup.from(server.backupUri()).verify(true).incremental(target))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.VERIFICATION))
        .hasMessageContaining("The backup was left as it was, up to transaction " + lastTxId);

    assertThat(Trees.fingerprint(snapshot))
        .as("every file of the backup as it was, byte for byte (its manifest is replaced whole)")
        .isEqualTo(before);
    assertThat(IncrementalBackupIT.withoutManifest(target))
        .as("the backup's store and logs, byte for byte")
        .isEqualTo(withoutManifest(before));
    assertThat(Manifest.readFrom(target).verificationFailure()).isNotNull();
    for (long version : logVersions(target)) {
      assertThat(Files.getAttribute(logDirectory(target).resolve(PREFIX + version), "unix:nlink"))
          .as("log %d: the backup's and the snapshot's links only, the staging is gone", version)
          .isEqualTo(2);
    }
  }

  /** A full backup, then 3 MiB of ballast and an incremental in place: several sealed logs. */
  private static Path backupWithSealedLogs(String name) {
    Path target = work.resolve(name).resolve("backup");
    write(2, 10);
    OnlineBackup.from(server.backupUri()).full(target);
    write(3, 10);
    OnlineBackup.from(server.backupUri()).incremental(target);
    assertThat(logVersions(target)).hasSizeGreaterThanOrEqualTo(4);
    return target;
  }

  /** {@code megabytes} transactions of ballast, then {@code small} one-node transactions. */
  private static void write(int megabytes, int small) {
    Ballast.add(server.driver(), megabytes);
    try (Session session = server.driver().session()) {
      for (int i = 0; i < small; i++) {
        session.executeWrite(tx -> tx.run("CREATE (:Small)").consume());
      }
    }
  }

  /** A hard link in {@code snapshot} to every file below {@code backup}, at the same path. */
  private static Path linkEveryFile(Path backup, Path snapshot) {
    try (Stream<Path> paths = Files.walk(backup)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path link = snapshot.resolve(backup.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(link);
        } else {
          Files.createLink(link, path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return snapshot;
  }

  private static Path logDirectory(Path backup) {
    return backup.resolve("transactions/neo4j");
  }

  private static List<Long> logVersions(Path backup) {
    try (Stream<Path> files = Files.list(logDirectory(backup))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches(PREFIX.replace(".", "\\.") + "[0-9]+"))
          .map(name -> Long.parseLong(name.substring(PREFIX.length())))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean sameFile(Path one, Path other) {
    try {
      return Files.isSameFile(one, other);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> withoutManifest(Map<String, String> files) {
    Map<String, String> without = new java.util.TreeMap<>(files);
    without.remove(Manifest.FILE_NAME);
    return without;
  }
}

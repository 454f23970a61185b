package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.protocol.ErrorCode;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup refuses before it takes anything from a server, against a server played by the
 * test: a backup that existed stays exactly as it was, and the failure says why.
 */
@Timeout(60)
class OnlineBackupRefusalsTest {
  static final StoreIdentity STORE = new StoreIdentity(100, 7, "record", "aligned", 1, 1);
  static final StoreIdentity OTHER_STORE = new StoreIdentity(200, 9, "record", "aligned", 1, 1);

  @TempDir Path work;
  FakeBackupServer server;
  final List<Message> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * A server of {@code store} in {@code cluster} at transaction {@code lastTx}, that answers any
   * backup request with {@code refusal}.
   */
  void serve(StoreIdentity store, String cluster, long lastTx, ErrorCode refusal) {
    server =
        FakeBackupServer.start(
            (ctx, message) -> {
              requests.add(message);
              if (message instanceof Message.Hello) {
                ctx.writeAndFlush(new Message.Hello(Protocol.VERSION));
              } else if (message instanceof Message.InfoRequest info) {
                ctx.writeAndFlush(
                    new Message.ServerInfo(store, info.database(), cluster, lastTx, "5.26.30"));
              } else {
                ctx.writeAndFlush(new Message.Error(refusal, "refused by the test"));
              }
            });
  }

  OnlineBackup source() {
    return OnlineBackup.from("single://" + server.member())
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** A backup of {@code database}, store {@code store}, cluster {@code cluster}, up to tx 50. */
  Path existingBackup(String database, StoreIdentity store, String cluster) throws IOException {
    Path backup = work.resolve("backup");
    Files.createDirectories(backup.resolve("databases").resolve(database));
    Files.writeString(backup.resolve("databases").resolve(database).resolve("neostore"), "store");
    Path logs = Files.createDirectories(backup.resolve("transactions").resolve(database));
    Files.write(logs.resolve("neostore.transaction.db.0"), new byte[1000]);
    new Manifest(
            Manifest.FORMAT_VERSION,
            "test",
            database,
            store,
            "single://a",
            "a:6362",
            cluster,
            "5.26.30",
            BackupMode.FULL,
            1,
            50,
            0,
            50,
            0,
            1000,
            Instant.EPOCH,
            Instant.EPOCH,
            0,
            0,
            null,
            null)
        .writeTo(backup);
    return backup;
  }

  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        files.put(
            root.relativize(path).toString(),
            Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static BackupException failure(Runnable backup) {
    return catchThrowableOfType(backup::run, BackupException.class);
  }

  @Test
  void aFullBackupIntoABackupOfAnotherStoreIsRefusedUnlessToldToReplaceIt() throws IOException {
    serve(OTHER_STORE, "payments", 90, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("neo4j", STORE, "payments");
    Map<String, String> before = tree(backup);

    BackupException refused = failure(() -> source().full(backup));

    assertThat(refused.failure()).isEqualTo(BackupFailure.TARGET);
    assertThat(refused)
        .hasMessageContaining("holds a backup of store 64-7, but the server serves store c8-9")
        .hasMessageContaining("-replace");
    assertThat(requests).noneMatch(Message.FullBackupRequest.class::isInstance);
    assertThat(tree(backup)).isEqualTo(before);

    BackupException replacing = failure(() -> source().replace(true).full(backup));
    assertThat(replacing.failure()).isEqualTo(BackupFailure.SERVER_BUSY); // it went on to ask
    assertThat(requests).anyMatch(Message.FullBackupRequest.class::isInstance);
    assertThat(tree(backup)).isEqualTo(before);
  }

  @Test
  void aFullBackupIntoABackupOfAnotherDatabaseIsRefusedUnlessToldToReplaceIt() throws IOException {
    serve(STORE, "payments", 90, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("sales", STORE, "payments");
    Map<String, String> before = tree(backup);

    BackupException refused = failure(() -> source().full(backup));

    assertThat(refused.failure()).isEqualTo(BackupFailure.TARGET);
    assertThat(refused).hasMessageContaining("holds a backup of database 'sales', not of 'neo4j'");
    assertThat(requests).isEmpty();
    assertThat(tree(backup)).isEqualTo(before);
  }

  @Test
  void aFullBackupOfTheSameStoreNeverStartsBehindTheBackupItReplaces() throws IOException {
    serve(STORE, "payments", 40, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("neo4j", STORE, "payments");
    Map<String, String> before = tree(backup);

    BackupException behind = failure(() -> source().full(backup));

    assertThat(behind.failure()).isEqualTo(BackupFailure.BEHIND);
    assertThat(behind.failure().exitCode()).isEqualTo(3);
    assertThat(requests).noneMatch(Message.FullBackupRequest.class::isInstance);
    assertThat(tree(backup)).isEqualTo(before);
  }

  @Test
  void anIncrementalFromAServerOfAnotherClusterIsRefused() throws IOException {
    serve(STORE, "staging", 90, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("neo4j", STORE, "payments");
    Map<String, String> before = tree(backup);

    BackupException refused = failure(() -> source().incremental(backup));

    assertThat(refused.failure()).isEqualTo(BackupFailure.WRONG_CLUSTER);
    assertThat(refused).hasMessageContaining("a chain never continues from another cluster");
    assertThat(requests).noneMatch(Message.IncrementalBackupRequest.class::isInstance);
    assertThat(tree(backup)).isEqualTo(before);

    BackupException named = failure(() -> source().cluster("staging").incremental(backup));
    assertThat(named.failure()).isEqualTo(BackupFailure.WRONG_CLUSTER);
    assertThat(named)
        .hasMessageContaining("holds a backup taken from cluster 'payments', not from cluster");
  }

  @Test
  void anIncrementalFromAServerThatIsBehindIsTransientNotDiverged() throws IOException {
    serve(STORE, "payments", 40, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("neo4j", STORE, "payments");

    BackupException behind = failure(() -> source().incremental(backup));

    assertThat(behind.failure()).isEqualTo(BackupFailure.BEHIND);
    assertThat(behind).hasMessageContaining("its last committed transaction is 40, below 50");
  }

  @Test
  void aBusyServerAndAnUnavailableDatabaseAreTransientFailuresOfTheirOwn() throws IOException {
    Path backup = existingBackup("neo4j", STORE, "payments");
    Map<String, String> before = tree(backup);
    for (ErrorCode code : List.of(ErrorCode.SERVER_BUSY, ErrorCode.DATABASE_UNAVAILABLE)) {
      serve(STORE, "payments", 90, code);
      BackupException failure = failure(() -> source().incremental(backup));
      assertThat(failure.failure()).hasToString(code.name());
      assertThat(failure.failure().exitCode()).isEqualTo(3);
      server.close();
    }
    server = null;
    assertThat(tree(backup)).isEqualTo(before);
  }

  @Test
  void theDatabaseNameIsSentAsNeo4jMatchesIt() throws IOException {
    serve(STORE, "payments", 90, ErrorCode.SERVER_BUSY);
    Path backup = existingBackup("neo4j", STORE, "payments");

    BackupException failure = failure(() -> source().database("Neo4j").incremental(backup));

    assertThat(failure.failure()).isEqualTo(BackupFailure.SERVER_BUSY);
    assertThat(requests)
        .filteredOn(Message.InfoRequest.class::isInstance)
        .extracting(request -> ((Message.InfoRequest) request).database())
        .containsOnly("neo4j");
  }
}

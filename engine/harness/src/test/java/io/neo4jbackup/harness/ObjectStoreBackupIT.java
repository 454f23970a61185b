package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full backups of a real Neo4j 5.26 server into a real S3-compatible store (S3Proxy, signatures
 * checked), and restores and inspections from it, through the {@code neo4j-backup} command with
 * credentials found the SDK's usual way (here its system properties).
 */
class ObjectStoreBackupIT {
  @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();
  @TempDir static Path work;
  static Neo4jServer server;
  static ChainWriter writer;
  static int directories;

  static final String BUCKET = "backups";

  @BeforeAll
  static void startServerWriterAndBucket() {
    server = Neo4jServer.start(work.resolve("neo4j"));
    // Enough store that an upload takes a while, for the test that kills the store midway.
    Ballast.add(server.driver(), 16);
    writer = ChainWriter.start(server.driver());
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= 100);
    s3.createBucket(BUCKET);
    System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (writer != null) {
      writer.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  /** A command's exit status, its standard output and its standard error. */
  record Outcome(int status, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }

    String message() throws IOException {
      return json().get("message").asText();
    }
  }

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Neo4jBackupCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Outcome(status, out.toString().strip(), err.toString());
  }

  /** {@code args} with the options that reach the test's store appended. */
  static String[] store(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("-endpoint", s3.endpoint().toString(), "-path-style", "-region", "us-east-1"));
    return all.toArray(String[]::new);
  }

  static Outcome full(String location) {
    Path scratch = work.resolve("work-" + ++directories);
    Outcome outcome =
        run(
            store(
                "-full",
                "-from",
                server.backupUri(),
                "-to",
                location,
                "-work",
                scratch.toString(),
                "-json"));
    assertKeptCopyOnly(scratch);
    return outcome;
  }

  /**
   * What a run leaves in its -work directory: nothing, or after a success the local copy of the
   * chain it wrote, beside the marker naming it and the engine's own marker; never a pending upload
   * or scratch.
   */
  static void assertKeptCopyOnly(Path scratch) {
    if (!Files.exists(scratch) || workDirectories(scratch).isEmpty()) {
      return;
    }
    assertThat(workDirectories(scratch)).hasSize(1);
    Path directory = scratch.resolve(workDirectories(scratch).get(0));
    assertThat(Trees.list(directory))
        .as("the work directory holds the kept copy only")
        .hasSize(3)
        .contains("kept-copy.json", ".neo4j-backup-work")
        .allMatch(
            name ->
                name.equals("kept-copy.json")
                    || name.equals(".neo4j-backup-work")
                    || name.startsWith("chain-"));
  }

  /** The work directories in {@code scratch}: not the lock files beside them. */
  static List<String> workDirectories(Path scratch) {
    return Trees.list(scratch).stream().filter(name -> !name.endsWith(".lock")).toList();
  }

  static JsonNode succeeded(Outcome outcome) throws IOException {
    assertThat(outcome.status())
        .as("exit status, output: %s %s", outcome.out(), outcome.err())
        .isZero();
    return outcome.json();
  }

  static Outcome restore(String location, Path data) {
    return run(store("restore", "-from", location, "-to", data.toString(), "-json"));
  }

  static Outcome inspect(String location) {
    return run(store("inspect", location, "-json"));
  }

  static Path newDataDirectory() {
    return work.resolve("data-" + ++directories);
  }

  static BackupInspector.Chain readChain(Path dataDirectory) {
    return BackupInspector.readChain(
        dataDirectory, "neo4j", work.resolve("inspect-" + ++directories));
  }

  /** Which store file of the chain in {@code chain} is largest: its path below the chain. */
  static Path largestBaseFile(Path chain) throws IOException {
    try (Stream<Path> files = Files.walk(chain.resolve("base/databases/neo4j"))) {
      return chain.relativize(
          files
              .filter(Files::isRegularFile)
              .max(Comparator.comparingLong(ObjectStoreBackupIT::size))
              .orElseThrow());
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFullBackupToObjectStorageRestoresTheSameDatabase() throws Exception {
    long committedBefore = writer.committed();

    JsonNode line = succeeded(full("s3://backups/neo4j"));
    JsonNode result = line.get("result");
    long lastTxId = result.get("lastTxId").asLong();
    String chainUri = result.get("target").asText();

    assertThat(chainUri).startsWith("s3://backups/neo4j/chain-");
    List<Path> chains = s3.chains(BUCKET, "neo4j");
    assertThat(chains).hasSize(1);
    Path chain = chains.get(0);
    assertThat(chainUri).endsWith(chain.getFileName().toString());
    assertThat(Trees.list(chain)).containsExactly("base", "manifests", "runs", "transactions");
    assertThat(Trees.list(chain.resolve("manifests"))).containsExactly("00000001.json");
    assertThat(Trees.list(chain.resolve("transactions/neo4j")))
        .allMatch(name -> name.startsWith("neostore.transaction.db."));

    Outcome inspected = inspect("s3://backups/neo4j");
    assertThat(inspected.status()).as("inspect: %s %s", inspected.out(), inspected.err()).isZero();
    JsonNode inspection = inspected.json().get("inspection");
    assertThat(inspection.get("directory").asText()).isEqualTo(chainUri);
    assertThat(inspection.get("window").get("lastTxId").asLong()).isEqualTo(lastTxId);
    assertThat(inspection.get("window").get("firstTxId").asLong()).isEqualTo(lastTxId);

    Path data = newDataDirectory();
    JsonNode restored = succeeded(restore("s3://backups/neo4j", data)).get("restored");
    assertThat(restored.get("lastTxId").asLong()).isEqualTo(lastTxId);
    BackupInspector.Chain nodes = readChain(data);
    assertThat(nodes.contiguous()).as("chain %s has no gap or duplicate", nodes).isTrue();
    assertThat(nodes.max()).isGreaterThanOrEqualTo(committedBefore);

    // A point in time from the object store: the chain's one restore point, by its id.
    Path atTx = newDataDirectory();
    Outcome until =
        run(
            store(
                "restore",
                "-from",
                "s3://backups/neo4j",
                "-to",
                atTx.toString(),
                "-until-tx",
                Long.toString(lastTxId),
                "-json"));
    assertThat(succeeded(until).get("restored").get("lastTxId").asLong()).isEqualTo(lastTxId);
    assertThat(readChain(atTx)).isEqualTo(nodes);
  }

  @Test
  void aSecondFullBackupStartsANewChainAndLeavesTheFirstUntouched() throws Exception {
    long first = succeeded(full("s3://backups/immutable")).get("result").get("lastTxId").asLong();
    Path firstChain = s3.chains(BUCKET, "immutable").get(0);
    Map<String, String> asUploaded = Trees.fingerprint(firstChain);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() > first + 20);

    JsonNode second = succeeded(full("s3://backups/immutable")).get("result");

    assertThat(s3.chains(BUCKET, "immutable")).hasSize(2).startsWith(firstChain);
    assertThat(Trees.fingerprint(firstChain)).isEqualTo(asUploaded);
    assertThat(second.get("lastTxId").asLong()).isGreaterThan(first);
    JsonNode inspection = inspect("s3://backups/immutable").json().get("inspection");
    assertThat(inspection.get("directory").asText()).isEqualTo(second.get("target").asText());
  }

  @Test
  void aChainWhoseManifestWasNeverWrittenIsPassedOver() throws Exception {
    JsonNode complete = succeeded(full("s3://backups/partial")).get("result");
    succeeded(full("s3://backups/partial"));
    Path unfinished = s3.chains(BUCKET, "partial").get(1);
    // As an upload that stopped before its last object leaves it.
    Directories.delete(unfinished.resolve("manifests"));

    JsonNode inspection = inspect("s3://backups/partial").json().get("inspection");
    assertThat(inspection.get("directory").asText()).isEqualTo(complete.get("target").asText());
    assertThat(inspection.get("interruptedRun").asText())
        .contains(unfinished.getFileName().toString());
    Path data = newDataDirectory();
    assertThat(succeeded(restore("s3://backups/partial", data)).get("restored").get("lastTxId"))
        .isEqualTo(complete.get("lastTxId"));
  }

  @Test
  void aStoreKilledMidUploadLeavesAChainWithoutManifestAndTheNextRunFinishesIt() throws Exception {
    Path scratch = work.resolve("work-killed");
    CompletableFuture<Void> killer =
        CompletableFuture.runAsync(
            () -> {
              await()
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofMillis(5))
                  .until(() -> uploadedBaseFiles("killed") > 0);
              s3.kill();
            });
    Outcome outcome;
    try {
      outcome =
          run(
              store(
                  "-full",
                  "-from",
                  server.backupUri(),
                  "-to",
                  "s3://backups/killed",
                  "-work",
                  scratch.toString(),
                  "-json"));
      killer.get();
    } finally {
      s3.kill();
      s3.start();
    }

    assertThat(outcome.status()).as("%s %s", outcome.out(), outcome.err()).isEqualTo(3);
    assertThat(outcome.json().get("failure").asText()).isEqualTo("OBJECT_STORE_UNREACHABLE");
    assertThat(outcome.message()).contains("the object store at " + "http://127.0.0.1:");
    Path chain = s3.chains(BUCKET, "killed").get(0);
    assertThat(chain.resolve("manifests")).doesNotExist();
    Path data = newDataDirectory();
    Outcome restore = restore("s3://backups/killed", data);
    assertThat(restore.status()).isEqualTo(5);
    assertThat(restore.message())
        .contains("no complete backup chain under s3://backups/killed")
        .contains(chain.getFileName().toString());
    assertThat(data.resolve("databases/neo4j")).doesNotExist();

    // The next run with the same -work finishes that upload, sending none of what arrived.
    List<String> arrived;
    try (var client = s3.client()) {
      arrived =
          client
              .listObjectsV2(r -> r.bucket(BUCKET).prefix("killed/" + chain.getFileName() + "/"))
              .contents()
              .stream()
              .map(object -> object.key())
              .filter(key -> !key.contains("/leases/") && !key.endsWith("/"))
              .toList();
    }
    assertThat(workDirectories(scratch)).hasSize(1);
    Outcome next =
        run(
            store(
                "-full",
                "-from",
                server.backupUri(),
                "-to",
                "s3://backups/killed",
                "-work",
                scratch.toString()));
    assertThat(next.status()).as("%s %s", next.out(), next.err()).isZero();
    java.util.regex.Matcher finished =
        java.util.regex.Pattern.compile(
                "First finished the upload of s3://backups/killed/"
                    + chain.getFileName()
                    + " an earlier run left \\(([0-9]+) objects already there, 0 parts reused, ")
            .matcher(next.out());
    assertThat(finished.find()).as(next.out()).isTrue();
    // Every object the store lists was not sent again, but the one the store was receiving when
    // it died, which S3Proxy may list half-written.
    assertThat(Integer.parseInt(finished.group(1)))
        .as("objects not sent again; the store listed %s", arrived)
        .isPositive()
        .isBetween(arrived.size() - 1, arrived.size());
    assertKeptCopyOnly(scratch);
    assertThat(Trees.list(chain.resolve("manifests"))).containsExactly("00000001.json");
    assertThat(s3.chains(BUCKET, "killed")).hasSize(2);

    String chainUri = "s3://backups/killed/" + chain.getFileName();
    JsonNode inspection = inspect(chainUri).json().get("inspection");
    Path resumed = newDataDirectory();
    assertThat(succeeded(restore(chainUri, resumed)).get("restored").get("lastTxId"))
        .isEqualTo(inspection.get("window").get("lastTxId"));
    BackupInspector.Chain nodes = readChain(resumed);
    assertThat(nodes.contiguous()).as("chain %s", nodes).isTrue();
    assertThat(nodes.max()).isGreaterThan(0);
  }

  private static long uploadedBaseFiles(String prefix) throws IOException {
    long count = 0;
    for (Path chain : s3.chains(BUCKET, prefix)) {
      if (Files.isDirectory(chain.resolve("base"))) {
        try (Stream<Path> files = Files.walk(chain.resolve("base"))) {
          count += files.filter(S3ProxyServer::wholeObject).count();
        }
      }
    }
    return count;
  }

  @Test
  void aCorruptedObjectIsRefusedNamingItsKey() throws Exception {
    succeeded(full("s3://backups/corrupt"));
    Path chain = s3.chains(BUCKET, "corrupt").get(0);
    Path damaged = largestBaseFile(chain);
    try (FileChannel channel =
        FileChannel.open(
            chain.resolve(damaged), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, 100);
      one.flip();
      one.put(0, (byte) (one.get(0) ^ 0x5a));
      channel.write(one, 100);
    }

    Path data = newDataDirectory();
    Outcome outcome = restore("s3://backups/corrupt", data);

    assertThat(outcome.status()).as("%s %s", outcome.out(), outcome.err()).isEqualTo(4);
    assertThat(outcome.json().get("failure").asText()).isEqualTo("OBJECT_STORE_INTEGRITY");
    assertThat(outcome.message())
        .startsWith("object store integrity: ")
        .contains(
            "s3://backups/corrupt/"
                + chain.getFileName()
                + "/"
                + damaged.toString().replace('\\', '/'));
    assertThat(data.resolve("databases/neo4j")).doesNotExist();
  }

  @Test
  void wrongCredentialsAMissingBucketAndAnUnreachableEndpointAreNamedBeforeAnythingIsCopied()
      throws Exception {
    System.setProperty("aws.secretAccessKey", "not-the-secret-at-all");
    Outcome wrongSecret;
    Outcome wrongSecretRestore;
    try {
      wrongSecret = full("s3://backups/refused");
      wrongSecretRestore = restore("s3://backups/neo4j", newDataDirectory());
    } finally {
      System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
    }
    assertThat(wrongSecret.status()).isEqualTo(7);
    assertThat(wrongSecret.json().get("failure").asText()).isEqualTo("OBJECT_STORE_DENIED");
    assertThat(wrongSecret.message())
        .contains("the object store at " + s3.endpoint())
        .contains("refused the credentials (403")
        .contains("bucket 'backups'");
    assertThat(wrongSecretRestore.status()).isEqualTo(7);
    assertThat(wrongSecretRestore.json().get("failure").asText()).isEqualTo("OBJECT_STORE_DENIED");

    Outcome noBucket = full("s3://no-such-bucket/x");
    assertThat(noBucket.status()).isEqualTo(7);
    assertThat(noBucket.json().get("failure").asText()).isEqualTo("OBJECT_STORE_DENIED");
    assertThat(noBucket.message())
        .startsWith("bucket 'no-such-bucket' does not exist at " + s3.endpoint());

    Outcome unreachable =
        run(
            "-full",
            "-from",
            server.backupUri(),
            "-to",
            "s3://backups/x",
            "-endpoint",
            "http://127.0.0.1:1",
            "-path-style",
            "-json");
    assertThat(unreachable.status()).isEqualTo(3);
    assertThat(unreachable.json().get("failure").asText()).isEqualTo("OBJECT_STORE_UNREACHABLE");
    assertThat(unreachable.message()).contains("http://127.0.0.1:1 cannot be reached");

    assertThat(s3.chains(BUCKET, "refused")).isEmpty();
    assertThat(s3.chains(BUCKET, "x")).isEmpty();

    Outcome noChain =
        run(store("-incremental", "-from", server.backupUri(), "-to", "s3://backups/x", "-json"));
    assertThat(noChain.status()).isEqualTo(5);
    assertThat(noChain.message()).contains("no complete backup chain under s3://backups/x");
  }

  static Outcome incremental(String location) {
    return run(
        store(
            "-incremental",
            "-from",
            server.backupUri(),
            "-to",
            location,
            "-work",
            work.resolve("work-" + ++directories).toString(),
            "-json"));
  }

  @Test
  void anIncrementalWhoseUploadStoppedBeforeItsManifestIsTakenOverByTheNextRun() throws Exception {
    JsonNode full = succeeded(full("s3://backups/retried")).get("result");
    Path chain = s3.chains(BUCKET, "retried").get(0);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > full.get("lastTxId").asLong() + 20);
    succeeded(incremental("s3://backups/retried"));
    // As an upload that stopped before its last object leaves it: its logs, no manifest.
    Files.delete(chain.resolve("manifests/00000002.json"));
    Map<String, String> stopped = Trees.fingerprint(chain);

    JsonNode next = succeeded(incremental("s3://backups/retried")).get("result");

    assertThat(Trees.list(chain.resolve("manifests")))
        .containsExactly("00000001.json", "00000002.json");
    assertThat(Trees.fingerprint(chain)).containsAllEntriesOf(stopped);
    Path data = newDataDirectory();
    assertThat(succeeded(restore("s3://backups/retried", data)).get("restored").get("lastTxId"))
        .isEqualTo(next.get("lastTxId"));
    assertThat(readChain(data).contiguous()).isTrue();
  }

  @Test
  void incrementalsAddOnlyTheirLogsAndAManifestToTheChain() throws Exception {
    JsonNode full = succeeded(full("s3://backups/chained")).get("result");
    Path chain = s3.chains(BUCKET, "chained").get(0);
    Map<String, String> fullObjects = Trees.fingerprint(chain);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > full.get("lastTxId").asLong() + 50);

    JsonNode first = succeeded(incremental("s3://backups/chained")).get("result");
    Map<String, String> afterFirst = Trees.fingerprint(chain);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > first.get("lastTxId").asLong() + 50);
    JsonNode second = succeeded(incremental("s3://backups/chained")).get("result");

    assertThat(first.get("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(first.get("target").asText()).isEqualTo(full.get("target").asText());
    assertThat(first.get("lastTxId").asLong()).isGreaterThan(full.get("lastTxId").asLong());
    assertThat(second.get("lastTxId").asLong()).isGreaterThan(first.get("lastTxId").asLong());
    assertThat(s3.chains(BUCKET, "chained")).hasSize(1);
    Map<String, String> afterSecond = Trees.fingerprint(chain);
    assertThat(afterSecond).containsAllEntriesOf(afterFirst);
    assertThat(afterFirst).containsAllEntriesOf(fullObjects);
    assertThat(afterSecond.keySet().stream().filter(key -> !fullObjects.containsKey(key)))
        .as("objects the incrementals added")
        .allMatch(
            key ->
                key.startsWith("transactions/neo4j/neostore.transaction.db.")
                    || key.startsWith("runs/0000000")
                    || key.startsWith("manifests/0000000"))
        .contains("manifests/00000002.json", "manifests/00000003.json");

    JsonNode inspection = inspect("s3://backups/chained").json().get("inspection");
    assertThat(inspection.get("runs")).hasSize(3);
    assertThat(inspection.get("window").get("firstTxId")).isEqualTo(full.get("lastTxId"));
    assertThat(inspection.get("window").get("lastTxId")).isEqualTo(second.get("lastTxId"));

    Path newest = newDataDirectory();
    assertThat(succeeded(restore("s3://backups/chained", newest)).get("restored").get("lastTxId"))
        .isEqualTo(second.get("lastTxId"));
    BackupInspector.Chain nodes = readChain(newest);
    assertThat(nodes.contiguous()).as("chain %s", nodes).isTrue();

    Path earlier = newDataDirectory();
    Outcome atFirst =
        run(
            store(
                "restore",
                "-from",
                "s3://backups/chained",
                "-to",
                earlier.toString(),
                "-until-tx",
                first.get("lastTxId").asText(),
                "-json"));
    assertThat(succeeded(atFirst).get("restored").get("lastTxId")).isEqualTo(first.get("lastTxId"));
    BackupInspector.Chain atFirstNodes = readChain(earlier);
    assertThat(atFirstNodes.contiguous()).isTrue();
    assertThat(nodes.max() - atFirstNodes.max())
        .isEqualTo(second.get("lastTxId").asLong() - first.get("lastTxId").asLong());
  }

  static Outcome backup(String location, String... mode) {
    List<String> args = new ArrayList<>(List.of(mode));
    args.addAll(
        List.of(
            "-from",
            server.backupUri(),
            "-to",
            location,
            "-work",
            work.resolve("work-" + ++directories).toString(),
            "-json"));
    return run(store(args.toArray(String[]::new)));
  }

  @Test
  void anIncrementalToANamedChainContinuesThatChainThoughANewerOneExists() throws Exception {
    JsonNode older = succeeded(full("s3://backups/named")).get("result");
    JsonNode newer = succeeded(full("s3://backups/named")).get("result");
    List<Path> chains = s3.chains(BUCKET, "named");
    Map<String, String> newerObjects = Trees.fingerprint(chains.get(1));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > newer.get("lastTxId").asLong() + 20);

    JsonNode continued =
        succeeded(backup(older.get("target").asText(), "-incremental")).get("result");

    assertThat(continued.get("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(continued.get("target").asText()).isEqualTo(older.get("target").asText());
    assertThat(Trees.list(chains.get(0).resolve("manifests")))
        .containsExactly("00000001.json", "00000002.json");
    assertThat(Trees.fingerprint(chains.get(1))).isEqualTo(newerObjects);
    JsonNode inspection = inspect(older.get("target").asText()).json().get("inspection");
    assertThat(inspection.get("window").get("lastTxId")).isEqualTo(continued.get("lastTxId"));
    Path data = newDataDirectory();
    assertThat(
            succeeded(restore(older.get("target").asText(), data)).get("restored").get("lastTxId"))
        .isEqualTo(continued.get("lastTxId"));
    assertThat(readChain(data).contiguous()).isTrue();

    Outcome noSuchChain = backup("s3://backups/named/chain-19990101T000000.000Z", "-incremental");
    assertThat(noSuchChain.status()).isEqualTo(5);
    assertThat(noSuchChain.message())
        .startsWith("s3://backups/named/chain-19990101T000000.000Z is not a complete backup chain");
  }

  @Test
  void withoutAModeTheFirstBackupStartsAChainAndTheNextContinuesIt() throws Exception {
    JsonNode first = succeeded(backup("s3://backups/auto")).get("result");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > first.get("lastTxId").asLong() + 20);
    JsonNode second = succeeded(backup("s3://backups/auto")).get("result");

    assertThat(first.get("mode").asText()).isEqualTo("FULL");
    assertThat(second.get("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(second.get("target")).isEqualTo(first.get("target"));
    assertThat(s3.chains(BUCKET, "auto")).hasSize(1);
    Path leases = s3.chains(BUCKET, "auto").get(0).resolve("leases");
    assertThat(Files.exists(leases) ? Trees.fingerprint(leases) : Map.of())
        .as("the leases the runs took are gone")
        .isEmpty();
  }

  @Test
  void deletingAChainLeavesTheOthersAndPrintsTheDeletedLine() throws Exception {
    JsonNode doomed = succeeded(full("s3://backups/retention")).get("result");
    JsonNode kept = succeeded(full("s3://backups/retention")).get("result");
    Path keptChain = s3.chains(BUCKET, "retention").get(1);
    Map<String, String> keptObjects = Trees.fingerprint(keptChain);

    Outcome deleted = run(store("delete", doomed.get("target").asText(), "-json"));

    assertThat(deleted.status()).as("%s %s", deleted.out(), deleted.err()).isZero();
    assertThat(deleted.out())
        .isEqualTo(
            "{\"status\":\"succeeded\",\"deleted\":\"" + doomed.get("target").asText() + "\"}");
    assertThat(s3.chains(BUCKET, "retention"))
        .allMatch(chain -> Trees.fingerprint(chain).isEmpty() || chain.equals(keptChain));
    assertThat(Trees.fingerprint(keptChain)).isEqualTo(keptObjects);
    Outcome restoreDeleted = restore(doomed.get("target").asText(), newDataDirectory());
    assertThat(restoreDeleted.status()).isEqualTo(5);
    JsonNode inspection = inspect("s3://backups/retention").json().get("inspection");
    assertThat(inspection.get("directory")).isEqualTo(kept.get("target"));

    // A lease as a running restore of the kept chain holds it.
    Path lease = keptChain.resolve("leases/running-restore.json");
    Files.createDirectories(lease.getParent());
    Files.writeString(
        lease,
        "{\"holder\":\"1@restore-job\",\"purpose\":\"restore\",\"takenAt\":\""
            + java.time.Instant.now()
            + "\",\"expiresAt\":\""
            + java.time.Instant.now().plus(Duration.ofHours(6))
            + "\"}");
    Outcome busy = run(store("delete", kept.get("target").asText(), "-json"));
    assertThat(busy.status()).isEqualTo(5);
    assertThat(busy.json().get("failure").asText()).isEqualTo("TARGET_BUSY");
    assertThat(busy.message()).contains("restore by 1@restore-job");
    Files.delete(lease);
    assertThat(Trees.fingerprint(keptChain)).isEqualTo(keptObjects);
  }

  @Test
  void anIncrementalWithTheSameWorkUsesTheCopyItKeptInsteadOfCopyingTheChainDown()
      throws Exception {
    Path first = work.resolve("work-kept");
    Path other = work.resolve("work-other");
    JsonNode full =
        succeeded(
                run(
                    store(
                        "-full",
                        "-from",
                        server.backupUri(),
                        "-to",
                        "s3://backups/kept",
                        "-work",
                        first.toString(),
                        "-json")))
            .get("result");
    Path chain = s3.chains(BUCKET, "kept").get(0);
    Path damaged = largestBaseFile(chain);
    byte[] original = Files.readAllBytes(chain.resolve(damaged));
    // Gone from the store: a run that copied the chain down would fail on it.
    Files.delete(chain.resolve(damaged));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > full.get("lastTxId").asLong() + 20);

    Outcome fresh =
        run(
            store(
                "-incremental",
                "-from",
                server.backupUri(),
                "-to",
                "s3://backups/kept",
                "-work",
                other.toString(),
                "-json"));
    JsonNode reusing =
        succeeded(
                run(
                    store(
                        "-incremental",
                        "-from",
                        server.backupUri(),
                        "-to",
                        "s3://backups/kept",
                        "-work",
                        first.toString(),
                        "-json")))
            .get("result");

    assertThat(fresh.status()).as("without the kept copy the chain is copied down").isEqualTo(4);
    assertThat(fresh.message()).contains(damaged.toString().replace('\\', '/'));
    assertThat(reusing.get("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(reusing.get("lastTxId").asLong()).isGreaterThan(full.get("lastTxId").asLong());
    assertThat(Trees.list(chain.resolve("manifests")))
        .containsExactly("00000001.json", "00000002.json");
    assertKeptCopyOnly(first);

    // Once another run (another -work) extended the chain, the kept copy is behind: copied down.
    Files.write(chain.resolve(damaged), original);
    succeeded(
        run(
            store(
                "-incremental",
                "-from",
                server.backupUri(),
                "-to",
                "s3://backups/kept",
                "-work",
                other.toString(),
                "-json")));
    JsonNode behind =
        succeeded(
                run(
                    store(
                        "-incremental",
                        "-from",
                        server.backupUri(),
                        "-to",
                        "s3://backups/kept",
                        "-work",
                        first.toString(),
                        "-json")))
            .get("result");
    assertThat(Trees.list(chain.resolve("manifests")))
        .containsExactly("00000001.json", "00000002.json", "00000003.json", "00000004.json");
    Path data = newDataDirectory();
    assertThat(succeeded(restore("s3://backups/kept", data)).get("restored").get("lastTxId"))
        .isEqualTo(behind.get("lastTxId"));
    assertThat(readChain(data).contiguous()).isTrue();
  }

  @Test
  void aWorkDirectoryHoldingFilesTheEngineDidNotMakeIsRefusedAndLeftAsItWas() throws Exception {
    Path scratch = work.resolve("work-foreign");
    java.util.function.Function<String, Outcome> backup =
        mode ->
            run(
                store(
                    mode,
                    "-from",
                    server.backupUri(),
                    "-to",
                    "s3://backups/foreign",
                    "-work",
                    scratch.toString(),
                    "-json"));
    succeeded(backup.apply("-full"));
    Path directory = scratch.resolve(workDirectories(scratch).get(0));
    // The directory the engine uses for this location now holds someone else's files, unmarked.
    Files.delete(directory.resolve(".neo4j-backup-work"));
    Files.writeString(directory.resolve("notes.txt"), "someone else's");
    var before = Trees.fingerprint(directory);

    for (String mode : List.of("-incremental", "-full")) {
      Outcome refused = backup.apply(mode);
      assertThat(refused.status()).as("%s: %s", mode, refused.out()).isEqualTo(5);
      assertThat(refused.message()).contains(directory.toString()).contains("did not make");
    }
    assertThat(Trees.fingerprint(directory)).isEqualTo(before);
    assertThat(s3.chains(BUCKET, "foreign")).hasSize(1);
  }

  @Test
  void aRunWhileAnotherUsesTheSameWorkAndLocationIsRefusedAsBusyAndTouchesNothing()
      throws Exception {
    Path scratch = work.resolve("work-busy");
    String[] incremental =
        store(
            "-incremental",
            "-from",
            server.backupUri(),
            "-to",
            "s3://backups/busy",
            "-work",
            scratch.toString(),
            "-json");
    succeeded(
        run(
            store(
                "-full",
                "-from",
                server.backupUri(),
                "-to",
                "s3://backups/busy",
                "-work",
                scratch.toString(),
                "-json")));
    Path directory = scratch.resolve(workDirectories(scratch).get(0));
    var kept = Trees.fingerprint(directory);

    // Another run holds the work directory of this location (its lock file beside it).
    Outcome refused;
    try (var channel =
            java.nio.channels.FileChannel.open(
                scratch.resolve(directory.getFileName() + ".lock"),
                java.nio.file.StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      refused = run(incremental);
    }

    assertThat(refused.status()).as(refused.out()).isEqualTo(5);
    assertThat(refused.json().get("failure").asText()).isEqualTo("TARGET_BUSY");
    assertThat(refused.message()).contains(directory.toString()).contains("another -work");
    assertThat(Trees.fingerprint(directory)).isEqualTo(kept);
    assertThat(succeeded(run(incremental)).get("result").get("mode").asText())
        .isEqualTo("INCREMENTAL");
  }
}

package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backups of a real Neo4j 5.26 server into a real S3-compatible store (S3Proxy) with their objects
 * compressed ({@code -compression}) and encrypted ({@code -encryption-key-file}): each restores the
 * database it was taken of; an encrypted chain's objects hold none of the database's bytes; a wrong
 * or missing key, and an object damaged, cut short or replaced (even with its manifest rewritten to
 * match), are refused naming the key or the object, and nothing is restored.
 */
class EncodedObjectStoreBackupIT {
  @RegisterExtension static final S3ProxyServer s3 = new S3ProxyServer();
  @TempDir static Path work;
  static Neo4jServer server;
  static ChainWriter writer;
  static int directories;
  static Path key;
  static Path otherKey;

  static final String BUCKET = "encoded";

  /**
   * A node property stored as it is in a plain backup's files and logs: its start, which fits in
   * the first of the string store's records the whole value takes.
   */
  static final String MARKER = "plaintext-marker-0123456789abcdef";

  static final String PROPERTY = MARKER + "0123456789abcdef".repeat(12);

  @BeforeAll
  static void startServerWriterAndBucket() throws IOException {
    server = Neo4jServer.start(work.resolve("neo4j"));
    // Compressible bulk (1 KiB strings of 'x'), as a real store's padding and repeated values are.
    Ballast.add(server.driver(), 16);
    try (Session session = server.driver().session()) {
      session
          .run(
              "UNWIND range(1, 50) AS i CREATE (:Marker {text: $text, i: i})",
              Map.of("text", PROPERTY))
          .consume();
    }
    writer = ChainWriter.start(server.driver());
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= 100);
    s3.createBucket(BUCKET);
    System.setProperty("aws.accessKeyId", S3ProxyServer.IDENTITY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.CREDENTIAL);
    byte[] one = new byte[32];
    byte[] two = new byte[32];
    new Random(19).nextBytes(one);
    new Random(20).nextBytes(two);
    // The forms a Kubernetes Secret most often holds: base64 text with a newline, and hex.
    key = Files.writeString(work.resolve("key"), Base64.getEncoder().encodeToString(one) + "\n");
    otherKey = Files.writeString(work.resolve("other-key"), HexFormat.of().formatHex(two));
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

  record Outcome(int status, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }

    String message() throws IOException {
      return json().path("message").asText();
    }

    String failure() throws IOException {
      return json().path("failure").asText();
    }
  }

  static Outcome run(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of(
            "-endpoint", s3.endpoint().toString(), "-path-style", "-region", "us-east-1", "-json"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Outcome(status, out.toString().strip(), err.toString());
  }

  static List<String> with(List<String> args, String... options) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(options));
    return all;
  }

  static Outcome full(String location, String... options) {
    return run(
        with(
            List.of(
                "-full",
                "-from",
                server.backupUri(),
                "-to",
                location,
                "-work",
                work.resolve("work-" + ++directories).toString()),
            options));
  }

  static Outcome incremental(String location, String... options) {
    return run(
        with(
            List.of(
                "-incremental",
                "-from",
                server.backupUri(),
                "-to",
                location,
                "-work",
                work.resolve("work-" + ++directories).toString()),
            options));
  }

  static Outcome restore(String location, Path data, String... options) {
    return run(with(List.of("restore", "-from", location, "-to", data.toString()), options));
  }

  static JsonNode succeeded(Outcome outcome) throws IOException {
    assertThat(outcome.status())
        .as("exit status, output: %s %s", outcome.out(), outcome.err())
        .isZero();
    return outcome.json();
  }

  static Path newDataDirectory() {
    return work.resolve("data-" + ++directories);
  }

  static Path chain(String prefix) throws IOException {
    List<Path> chains = s3.chains(BUCKET, prefix);
    assertThat(chains).as("chains under %s", prefix).hasSize(1);
    return chains.get(0);
  }

  static JsonNode manifest(Path chain, int sequence) throws IOException {
    return new ObjectMapper()
        .readTree(chain.resolve(String.format("manifests/%08d.json", sequence)).toFile());
  }

  /** Restores the newest state of {@code location} and checks it is the database backed up. */
  static void restoresTheDatabase(
      String location, long lastTxId, long committedBefore, String... options) throws IOException {
    Path data = newDataDirectory();
    JsonNode restored = succeeded(restore(location, data, options)).get("restored");
    assertThat(restored.get("lastTxId").asLong()).as(location).isEqualTo(lastTxId);
    BackupInspector.Chain nodes =
        BackupInspector.readChain(data, "neo4j", work.resolve("inspect-" + ++directories));
    assertThat(nodes.contiguous())
        .as("%s: chain %s has no gap or duplicate", location, nodes)
        .isTrue();
    assertThat(nodes.max()).as(location).isGreaterThanOrEqualTo(committedBefore);
  }

  /** The objects of a chain that hold backup data (not its manifests). */
  static List<Path> dataObjects(Path chain) throws IOException {
    try (Stream<Path> files = Files.walk(chain)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !chain.relativize(file).startsWith("manifests"))
          .sorted()
          .toList();
    }
  }

  static boolean anyHolds(List<Path> objects, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
    for (Path object : objects) {
      String content = new String(Files.readAllBytes(object), StandardCharsets.ISO_8859_1);
      if (content.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void eachCompressionAndEncryptionRestoresTheDatabaseAndCompressionShrinksIt() throws Exception {
    long committedBefore = writer.committed();
    Map<String, String[]> variants =
        Map.of(
            "plain",
            new String[] {},
            "zstd",
            new String[] {"-compression", "zstd"},
            "lz4",
            new String[] {"-compression", "lz4"},
            "encrypted",
            new String[] {"-encryption-key-file", key.toString()},
            "zstd-encrypted",
            new String[] {"-compression", "zstd", "-encryption-key-file", key.toString()});
    for (Map.Entry<String, String[]> variant : variants.entrySet()) {
      String location = "s3://" + BUCKET + "/" + variant.getKey();
      JsonNode result = succeeded(full(location, variant.getValue())).get("result");
      String[] readOptions =
          variant.getKey().contains("encrypted")
              ? new String[] {"-encryption-key-file", key.toString()}
              : new String[] {};
      // A reader needs no option for compression, only the key for encryption.
      restoresTheDatabase(location, result.get("lastTxId").asLong(), committedBefore, readOptions);
    }

    long plain = Directories.size(chain("plain"));
    assertThat(manifest(chain("plain"), 1).get("formatVersion").asInt()).isEqualTo(1);
    assertThat(manifest(chain("plain"), 1).toString())
        .as("a plain chain's manifest is format 1, as before")
        .doesNotContain("encoding", "keyFingerprint", "compression");
    JsonNode zstd = manifest(chain("zstd"), 1);
    assertThat(zstd.get("formatVersion").asInt()).isEqualTo(2);
    assertThat(zstd.get("compression").asText()).isEqualTo("zstd");
    for (JsonNode entry : zstd.get("objects")) {
      assertThat(entry.get("encoding").asText()).isEqualTo("zstd");
      assertThat(entry.get("storedSize").asLong()).isPositive();
      assertThat(entry.get("storedSha256").asText()).isNotEqualTo(entry.get("sha256").asText());
    }
    assertThat(Directories.size(chain("zstd"))).as("zstd vs plain %d", plain).isLessThan(plain / 2);
    assertThat(Directories.size(chain("lz4"))).as("lz4 vs plain %d", plain).isLessThan(plain / 2);
    assertThat(Directories.size(chain("zstd-encrypted")))
        .as("zstd+encryption vs plain %d", plain)
        .isLessThan(plain / 2);
  }

  @Test
  void anEncryptedChainsObjectsHoldNoneOfTheDatabasesBytes() throws Exception {
    succeeded(full("s3://" + BUCKET + "/marker-plain"));
    succeeded(full("s3://" + BUCKET + "/marker-encrypted", "-encryption-key-file", key.toString()));
    Path plain = chain("marker-plain");
    Path encrypted = chain("marker-encrypted");

    assertThat(anyHolds(dataObjects(plain), MARKER))
        .as("the plain chain holds the marker")
        .isTrue();
    assertThat(anyHolds(dataObjects(encrypted), MARKER)).isFalse();
    assertThat(anyHolds(dataObjects(encrypted), "plaintext-marker")).isFalse();
    assertThat(anyHolds(dataObjects(encrypted), "\"storeId\"")).as("the backup manifest").isFalse();
    JsonNode manifest = manifest(encrypted, 1);
    assertThat(manifest.get("keyFingerprint").asText()).hasSize(32);
    assertThat(Files.readString(key)).doesNotContain(manifest.get("keyFingerprint").asText());
    for (JsonNode entry : manifest.get("objects")) {
      assertThat(entry.get("encoding").asText()).isEqualTo("aes256-gcm-hkdf-64k");
    }
  }

  @Test
  void aWrongKeyOrNoKeyIsRefusedBeforeAnythingIsRestored() throws Exception {
    succeeded(full("s3://" + BUCKET + "/keyed", "-encryption-key-file", key.toString()));
    String fingerprint = manifest(chain("keyed"), 1).get("keyFingerprint").asText();

    Path wrongData = newDataDirectory();
    Outcome wrong =
        restore(
            "s3://" + BUCKET + "/keyed", wrongData, "-encryption-key-file", otherKey.toString());
    Path noKeyData = newDataDirectory();
    Outcome noKey = restore("s3://" + BUCKET + "/keyed", noKeyData);
    Outcome noKeyIncremental = incremental("s3://" + BUCKET + "/keyed");

    assertThat(wrong.status()).as("%s %s", wrong.out(), wrong.err()).isEqualTo(7);
    assertThat(wrong.failure()).isEqualTo("OBJECT_STORE_DENIED");
    assertThat(wrong.message())
        .contains("is not the key the chain s3://" + BUCKET + "/keyed/chain-")
        .contains("(fingerprint " + fingerprint + ")");
    assertThat(noKey.status()).as("%s %s", noKey.out(), noKey.err()).isEqualTo(7);
    assertThat(noKey.message())
        .contains("is encrypted (key fingerprint " + fingerprint + ")")
        .contains("give -encryption-key-file");
    assertThat(noKeyIncremental.status()).isEqualTo(7);
    for (Path data : List.of(wrongData, noKeyData)) {
      assertThat(data.resolve("databases/neo4j")).doesNotExist();
    }
    assertThat(Trees.list(chain("keyed").resolve("manifests"))).containsExactly("00000001.json");
    Outcome inspectNoKey = run(List.of("inspect", "s3://" + BUCKET + "/keyed"));
    Outcome inspectKeyed =
        run(
            List.of(
                "inspect", "s3://" + BUCKET + "/keyed", "-encryption-key-file", key.toString()));
    assertThat(inspectNoKey.status()).isEqualTo(7);
    assertThat(inspectNoKey.failure()).isEqualTo("OBJECT_STORE_DENIED");
    assertThat(inspectKeyed.status()).as("%s %s", inspectKeyed.out(), inspectKeyed.err()).isZero();

    // A key for a chain that is not encrypted: its objects are not taken for authenticated ones.
    succeeded(full("s3://" + BUCKET + "/unkeyed"));
    Path plainData = newDataDirectory();
    Outcome keyForPlain =
        restore("s3://" + BUCKET + "/unkeyed", plainData, "-encryption-key-file", key.toString());
    Outcome incrementalForPlain =
        incremental("s3://" + BUCKET + "/unkeyed", "-encryption-key-file", key.toString());
    assertThat(keyForPlain.status()).isEqualTo(7);
    assertThat(keyForPlain.message()).contains("is not encrypted");
    assertThat(plainData.resolve("databases/neo4j")).doesNotExist();
    assertThat(incrementalForPlain.status()).isEqualTo(2);
    assertThat(incrementalForPlain.message()).contains("cannot encrypt part of a chain");
  }

  static S3Client client() {
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** The largest store file's object in chain {@code chain}: its key below the bucket. */
  static String largestBaseObject(String prefix, Path chain) throws IOException {
    try (Stream<Path> files = Files.walk(chain.resolve("base"))) {
      Path largest =
          files
              .filter(Files::isRegularFile)
              .max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
              .orElseThrow();
      return prefix + "/" + chain.getFileName() + "/" + chain.relativize(largest);
    }
  }

  /**
   * Replaces object {@code key} with {@code bytes} and rewrites the chain's manifest to list their
   * size and SHA-256, as someone who may write to the bucket could: only the encryption's
   * authentication can tell.
   */
  static void replaceWithMatchingManifest(String prefix, Path chain, String key, byte[] bytes)
      throws Exception {
    String relative = key.substring((prefix + "/" + chain.getFileName() + "/").length());
    ObjectNode manifest = (ObjectNode) manifest(chain, 1);
    boolean found = false;
    for (JsonNode entry : manifest.get("objects")) {
      if (entry.get("key").asText().equals(relative)) {
        ((ObjectNode) entry).put("storedSize", bytes.length);
        ((ObjectNode) entry)
            .put(
                "storedSha256",
                Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)));
        found = true;
      }
    }
    assertThat(found).as("the manifest lists %s", relative).isTrue();
    String manifestKey = prefix + "/" + chain.getFileName() + "/manifests/00000001.json";
    try (S3Client client = client()) {
      client.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
      client.putObject(
          r -> r.bucket(BUCKET).key(manifestKey),
          RequestBody.fromBytes(new ObjectMapper().writeValueAsBytes(manifest)));
    }
  }

  @Test
  void aDamagedOrTruncatedEncryptedObjectIsRefusedNamingItsKeyEvenWithItsManifestRewritten()
      throws Exception {
    String[] keyed = {"-encryption-key-file", key.toString()};
    for (String prefix : List.of("flipped", "flipped-rewritten", "cut", "cut-rewritten")) {
      succeeded(full("s3://" + BUCKET + "/" + prefix, "-compression", "zstd", keyed[0], keyed[1]));
    }

    Path flipped = chain("flipped");
    String flippedKey = largestBaseObject("flipped", flipped);
    Path flippedFile = s3.objectFile(BUCKET, flippedKey);
    byte[] flippedBytes = Files.readAllBytes(flippedFile);
    flippedBytes[flippedBytes.length / 2] ^= 0x01;
    Files.write(flippedFile, flippedBytes);

    Path cut = chain("cut");
    String cutKey = largestBaseObject("cut", cut);
    Path cutFile = s3.objectFile(BUCKET, cutKey);
    Files.write(
        cutFile, Arrays.copyOf(Files.readAllBytes(cutFile), (int) Files.size(cutFile) - 17));

    Path flippedRewritten = chain("flipped-rewritten");
    String flippedRewrittenKey = largestBaseObject("flipped-rewritten", flippedRewritten);
    byte[] tampered = Files.readAllBytes(s3.objectFile(BUCKET, flippedRewrittenKey));
    tampered[tampered.length / 2] ^= 0x01;
    replaceWithMatchingManifest(
        "flipped-rewritten", flippedRewritten, flippedRewrittenKey, tampered);

    Path cutRewritten = chain("cut-rewritten");
    String cutRewrittenKey = largestBaseObject("cut-rewritten", cutRewritten);
    byte[] whole = Files.readAllBytes(s3.objectFile(BUCKET, cutRewrittenKey));
    replaceWithMatchingManifest(
        "cut-rewritten", cutRewritten, cutRewrittenKey, Arrays.copyOf(whole, whole.length / 2));

    for (String damagedKey : List.of(flippedKey, cutKey, flippedRewrittenKey, cutRewrittenKey)) {
      String prefix = damagedKey.substring(0, damagedKey.indexOf('/'));
      Path data = newDataDirectory();
      Outcome outcome = restore("s3://" + BUCKET + "/" + prefix, data, keyed);

      assertThat(outcome.status())
          .as("%s: %s %s", prefix, outcome.out(), outcome.err())
          .isEqualTo(4);
      assertThat(outcome.message())
          .as(prefix)
          .startsWith("object store integrity: ")
          .contains("s3://" + BUCKET + "/" + damagedKey);
      if (prefix.endsWith("rewritten")) {
        assertThat(outcome.failure()).isEqualTo("OBJECT_STORE_INTEGRITY");
        assertThat(outcome.message()).as(prefix).contains("cannot be decrypted");
      }
      assertThat(data.resolve("databases/neo4j")).as(prefix).doesNotExist();
    }
  }

  @Test
  void incrementalsOntoACompressedEncryptedChainContinueWithItsSettingsOrTheCompressionGiven()
      throws Exception {
    String location = "s3://" + BUCKET + "/chained";
    String[] keyed = {"-encryption-key-file", key.toString()};
    JsonNode full =
        succeeded(full(location, "-compression", "zstd", keyed[0], keyed[1])).get("result");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > full.get("lastTxId").asLong() + 20);

    JsonNode first = succeeded(incremental(location, keyed)).get("result");
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> writer.committed() > first.get("lastTxId").asLong() + 20);
    long committedBefore = writer.committed();
    JsonNode second =
        succeeded(incremental(location, "-compression", "lz4", keyed[0], keyed[1])).get("result");

    Path chain = chain("chained");
    JsonNode afterFirst = manifest(chain, 2);
    JsonNode afterSecond = manifest(chain, 3);
    assertThat(afterSecond.get("compression").asText()).isEqualTo("zstd");
    assertThat(afterSecond.get("keyFingerprint"))
        .isEqualTo(manifest(chain, 1).get("keyFingerprint"));
    List<String> firstRun = encodings(afterFirst, "runs/00000002-");
    List<String> secondRun = encodings(afterSecond, "runs/00000003-");
    assertThat(firstRun).as("the chain's own compression").containsOnly("zstd+aes256-gcm-hkdf-64k");
    assertThat(secondRun).as("the compression given").containsOnly("lz4+aes256-gcm-hkdf-64k");
    assertThat(second.get("lastTxId").asLong()).isGreaterThan(first.get("lastTxId").asLong());

    restoresTheDatabase(location, second.get("lastTxId").asLong(), committedBefore, keyed);
  }

  /** A command's outcome as a person reads it (no -json): the summary names a finished upload. */
  static Outcome runText(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(
        List.of("-endpoint", s3.endpoint().toString(), "-path-style", "-region", "us-east-1"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Outcome(status, out.toString().strip(), err.toString());
  }

  /**
   * Encryption is randomised: an object encoded again is other bytes. A zstd+encrypted full whose
   * store dies midway is finished by the next run with the same -work, which describes each object
   * already sent by the entry recorded when it was sent (the journal), or, for one that arrived but
   * that the journal does not hold (here: the journal's second half dropped), by what the store
   * holds once it decoded into the file's bytes; the chain restores the database. The copy the run
   * kept then serves an incremental into the encrypted chain with the same -work.
   */
  @Test
  void anEncryptedFullKilledMidUploadIsFinishedByTheNextRunAndItsKeptCopyServesAnIncremental()
      throws Exception {
    String prefix = "killed";
    String location = "s3://" + BUCKET + "/" + prefix;
    Path scratch = work.resolve("work-killed");
    List<String> encrypted =
        List.of("-compression", "zstd", "-encryption-key-file", key.toString());
    List<String> fullArgs =
        with(
            List.of(
                "-full", "-from", server.backupUri(), "-to", location, "-work", scratch.toString()),
            encrypted.toArray(String[]::new));
    java.util.concurrent.CompletableFuture<Void> killer =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              await()
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofMillis(5))
                  .until(() -> objectsUnder(prefix) > 2);
              s3.kill();
            });
    Outcome outcome;
    try {
      outcome = run(fullArgs);
      killer.get();
    } finally {
      s3.kill();
      s3.start();
    }
    assertThat(outcome.status()).as("%s %s", outcome.out(), outcome.err()).isEqualTo(3);
    assertThat(outcome.failure()).isEqualTo("OBJECT_STORE_UNREACHABLE");
    Path killed = chain(prefix);
    assertThat(killed.resolve("manifests")).doesNotExist();

    // The journal's second half lost: those objects are in the store but no line describes them.
    Path pending = scratch.resolve(Trees.list(scratch).get(0));
    Path journal = pending.resolve("uploaded.txt");
    List<String> lines = Files.readAllLines(journal);
    assertThat(lines).as("objects journalled before the store died").isNotEmpty();
    assertThat(lines.get(0)).as("a journal line holds the object's manifest entry").contains("\t{");
    Files.write(journal, lines.subList(0, (lines.size() + 1) / 2));
    List<String> arrived;
    try (S3Client client = client()) {
      arrived =
          client
              .listObjectsV2(
                  r -> r.bucket(BUCKET).prefix(prefix + "/" + killed.getFileName() + "/"))
              .contents()
              .stream()
              .map(object -> object.key())
              .filter(objectKey -> !objectKey.contains("/leases/") && !objectKey.endsWith("/"))
              .toList();
    }

    // Without the key, or with another, the upload is not finished and stays pending, untouched.
    String journalled = Files.readString(journal);
    for (List<String> keyless :
        List.of(
            List.<String>of(),
            List.of("-compression", "zstd", "-encryption-key-file", otherKey.toString()))) {
      Outcome refused =
          run(
              with(
                  List.of(
                      "-full",
                      "-from",
                      server.backupUri(),
                      "-to",
                      location,
                      "-work",
                      scratch.toString()),
                  keyless.toArray(String[]::new)));
      assertThat(refused.status()).as("%s %s", refused.out(), refused.err()).isEqualTo(7);
      assertThat(refused.failure()).isEqualTo("OBJECT_STORE_DENIED");
      assertThat(refused.message()).contains("give that key to finish it");
      assertThat(Files.readString(journal)).isEqualTo(journalled);
      assertThat(pending.resolve("pending.json")).exists();
      assertThat(killed.resolve("manifests")).doesNotExist();
    }

    Outcome next = runText(fullArgs);
    assertThat(next.status()).as("%s %s", next.out(), next.err()).isZero();
    java.util.regex.Matcher finished =
        java.util.regex.Pattern.compile(
                "First finished the upload of "
                    + location
                    + "/"
                    + killed.getFileName()
                    + " an earlier run left \\(([0-9]+) objects already there, ")
            .matcher(next.out());
    assertThat(finished.find()).as(next.out()).isTrue();
    // Every object the store lists was not sent again, but the one the store was receiving when
    // it died, which S3Proxy may list half-written.
    assertThat(Integer.parseInt(finished.group(1)))
        .as("objects not sent again; the store listed %s", arrived)
        .isPositive()
        .isBetween(arrived.size() - 1, arrived.size());
    JsonNode published = manifest(killed, 1);
    assertThat(published.get("keyFingerprint").asText()).isNotEmpty();
    for (JsonNode entry : published.get("objects")) {
      assertThat(entry.get("encoding").asText())
          .as(entry.toString())
          .isEqualTo("zstd+aes256-gcm-hkdf-64k");
      Path object = killed.resolve(entry.get("key").asText());
      assertThat(
              Base64.getEncoder()
                  .encodeToString(
                      MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(object))))
          .as("the manifest describes the bytes in the bucket: %s", entry)
          .isEqualTo(entry.get("storedSha256").asText());
    }
    String killedUri = location + "/" + killed.getFileName();
    Path data = newDataDirectory();
    JsonNode restored =
        succeeded(restore(killedUri, data, "-encryption-key-file", key.toString())).get("restored");
    assertThat(restored.get("lastTxId").asLong()).isEqualTo(published.get("lastTxId").asLong());
    BackupInspector.Chain nodes =
        BackupInspector.readChain(data, "neo4j", work.resolve("inspect-" + ++directories));
    assertThat(nodes.contiguous()).as("chain %s", nodes).isTrue();
    assertThat(nodes.max()).isGreaterThan(0);

    // The run's own full kept its local copy: an incremental with the same -work uses it, even
    // with an object of the chain gone from the store (which a copy down would fail on).
    List<Path> chains = s3.chains(BUCKET, prefix);
    assertThat(chains).hasSize(2);
    Path newest = chains.get(1);
    long fullTxId = manifest(newest, 1).get("lastTxId").asLong();
    String largest = largestBaseObject(prefix, newest);
    Path largestFile = s3.objectFile(BUCKET, largest);
    byte[] original = Files.readAllBytes(largestFile);
    Files.delete(largestFile);
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() > fullTxId + 20);
    Outcome elsewhere =
        run(
            with(
                List.of(
                    "-incremental",
                    "-from",
                    server.backupUri(),
                    "-to",
                    location,
                    "-work",
                    work.resolve("work-" + ++directories).toString()),
                encrypted.toArray(String[]::new)));
    assertThat(elsewhere.status())
        .as("without the kept copy the chain is copied down")
        .isEqualTo(4);
    assertThat(elsewhere.message()).contains(largest.substring(largest.indexOf("/base/") + 1));
    long committedBefore = writer.committed();
    JsonNode incremental =
        succeeded(
                run(
                    with(
                        List.of(
                            "-incremental",
                            "-from",
                            server.backupUri(),
                            "-to",
                            location,
                            "-work",
                            scratch.toString()),
                        encrypted.toArray(String[]::new))))
            .get("result");
    assertThat(incremental.get("lastTxId").asLong()).isGreaterThan(fullTxId);
    assertThat(Trees.list(newest.resolve("manifests")))
        .containsExactly("00000001.json", "00000002.json");
    assertThat(encodings(manifest(newest, 2), "runs/00000002-"))
        .containsOnly("zstd+aes256-gcm-hkdf-64k");
    Files.write(largestFile, original);
    restoresTheDatabase(
        location + "/" + newest.getFileName(),
        incremental.get("lastTxId").asLong(),
        committedBefore,
        "-encryption-key-file",
        key.toString());
  }

  private static long objectsUnder(String prefix) throws IOException {
    long count = 0;
    for (Path chain : s3.chains(BUCKET, prefix)) {
      try (Stream<Path> files = Files.walk(chain)) {
        count += files.filter(S3ProxyServer::wholeObject).count();
      }
    }
    return count;
  }

  /** The encodings of the objects a run added: its manifest and the log objects of that time. */
  static List<String> encodings(JsonNode manifest, String runPrefix) {
    List<String> encodings = new ArrayList<>();
    String run = null;
    for (JsonNode entry : manifest.get("objects")) {
      String key = entry.get("key").asText();
      if (key.startsWith(runPrefix)) {
        run = key.substring(runPrefix.length()).split("-")[0];
        encodings.add(entry.get("encoding").asText());
      }
    }
    assertThat(run).as("a run manifest %s*", runPrefix).isNotNull();
    for (JsonNode entry : manifest.get("objects")) {
      if (entry.get("key").asText().endsWith("." + run)) {
        encodings.add(entry.get("encoding").asText());
      }
    }
    assertThat(encodings).as("objects of run %s", run).hasSizeGreaterThan(1);
    return encodings;
  }
}

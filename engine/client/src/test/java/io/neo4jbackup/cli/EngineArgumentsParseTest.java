package io.neo4jbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.Compression;
import io.neo4jbackup.contract.EngineArguments;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command line the contract's {@link EngineArguments} builds (what the operator runs in its
 * Jobs) is one the engine's parser reads, option by option, into what was meant.
 */
class EngineArgumentsParseTest {

  static CommandLine.ParseResult parse(List<String> arguments) {
    return new CommandLine(new Neo4jBackupCommand()).parseArgs(arguments.toArray(String[]::new));
  }

  static <T> T subcommand(List<String> arguments, Class<T> type) {
    CommandLine.ParseResult result = parse(arguments);
    assertThat(result.subcommand()).as("a subcommand in %s", arguments).isNotNull();
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  @Test
  void aBackupWithEveryOptionParsesIntoThoseOptions() {
    List<String> arguments =
        EngineArguments.backup("ha://a:6362,b:6362", "/backups/neo4j/chain-1")
            .mode(BackupMode.FULL)
            .replace(true)
            .cluster("payments")
            .database("sales")
            .verify(true)
            .fallbackToFull(true)
            .minTxId(42L)
            .tls("/tls/ca.crt", "neo4j.example")
            .secretFile("/secret/key")
            .json()
            .arguments();
    Neo4jBackupCommand command = new Neo4jBackupCommand();

    new CommandLine(command).parseArgs(arguments.toArray(String[]::new));

    assertThat(command.from).isEqualTo("ha://a:6362,b:6362");
    assertThat(command.to).isEqualTo(Path.of("/backups/neo4j/chain-1"));
    assertThat(command.cluster).isEqualTo("payments");
    assertThat(command.database).isEqualTo("sales");
    assertThat(command.verify).isTrue();
    assertThat(command.fallbackToFull).isTrue();
    assertThat(command.replace).isTrue();
    assertThat(command.minTx).isEqualTo(42L);
    assertThat(command.tls).isTrue();
    assertThat(command.tlsCa).isEqualTo(Path.of("/tls/ca.crt"));
    assertThat(command.tlsServerName).isEqualTo("neo4j.example");
    assertThat(command.secretFile).isEqualTo(Path.of("/secret/key"));
    assertThat(command.json).isTrue();
    assertThat(arguments).contains(EngineArguments.FULL);
  }

  @Test
  void aBackupWithoutOptionsLeavesTheModeToTheEngine() {
    Neo4jBackupCommand command = new Neo4jBackupCommand();

    new CommandLine(command)
        .parseArgs(
            EngineArguments.backup("single://neo4j", "/b").arguments().toArray(String[]::new));

    assertThat(command.from).isEqualTo("single://neo4j");
    assertThat(command.verify).isFalse();
    assertThat(command.minTx).isNull();
    assertThat(EngineArguments.backup("single://neo4j", "/b").arguments())
        .doesNotContain(EngineArguments.FULL, EngineArguments.INCREMENTAL);
  }

  @Test
  void anIncrementalParsesAsOne() {
    List<String> arguments =
        EngineArguments.backup("single://neo4j", "/b").mode(BackupMode.INCREMENTAL).arguments();

    assertThat(parse(arguments).hasMatchedOption(EngineArguments.INCREMENTAL)).isTrue();
    assertThat(parse(arguments).hasMatchedOption(EngineArguments.FULL)).isFalse();
  }

  @Test
  void aRestoreToAnInstantWithEveryOptionParsesIntoThoseOptions() {
    Instant until = Instant.parse("2026-12-05T14:04:59.123Z");
    List<String> arguments =
        EngineArguments.restore("/backups/neo4j/chain-1", "/data")
            .database("sales")
            .untilTime(until)
            .verify(true)
            .keepPrevious(false)
            .json()
            .arguments();

    RestoreCommand restore = subcommand(arguments, RestoreCommand.class);

    assertThat(restore.from).isEqualTo(Path.of("/backups/neo4j/chain-1"));
    assertThat(restore.to).isEqualTo(Path.of("/data"));
    assertThat(restore.database).isEqualTo("sales");
    assertThat(restore.point().time()).isEqualTo(until);
    assertThat(restore.verify).isTrue();
    assertThat(restore.noKeepPrevious).isTrue();
    assertThat(restore.json).isTrue();
  }

  @Test
  void aRestoreToATransactionKeepingThePreviousFoldersParsesIntoThoseOptions() {
    List<String> arguments =
        EngineArguments.restore("/backups/neo4j/chain-1", "/data").untilTx(1234L).arguments();

    RestoreCommand restore = subcommand(arguments, RestoreCommand.class);

    assertThat(restore.point().txId()).isEqualTo(1234L);
    assertThat(restore.noKeepPrevious).isFalse();
    assertThat(restore.verify).isFalse();
  }

  @Test
  void aBackupWithADrillParsesIntoItsQueryAndExpectedAnswer() {
    List<String> arguments =
        EngineArguments.backup("single://neo4j", "/b")
            .verify(true)
            .drill("MATCH (n:Customer) RETURN count(n) > 0", "true")
            .json()
            .arguments();
    Neo4jBackupCommand command = new Neo4jBackupCommand();

    new CommandLine(command).parseArgs(arguments.toArray(String[]::new));

    assertThat(command.drillQuery).isEqualTo("MATCH (n:Customer) RETURN count(n) > 0");
    assertThat(command.drillExpect).isEqualTo("true");
    assertThat(command.verify).isTrue();
    assertThat(command.json).isTrue();
  }

  @Test
  void aBackupWithoutADrillHasNone() {
    Neo4jBackupCommand command = new Neo4jBackupCommand();

    new CommandLine(command)
        .parseArgs(
            EngineArguments.backup("single://neo4j", "/b").arguments().toArray(String[]::new));

    assertThat(command.drillQuery).isNull();
    assertThat(command.drillExpect).isNull();
  }

  @Test
  void aDrillParsesIntoItsDirectoryQueryAndExpectedAnswer() {
    DrillCommand drill =
        subcommand(EngineArguments.drill("/b/chain-1", "RETURN -1 AS n", "-1"), DrillCommand.class);

    assertThat(drill.directory).isEqualTo(Path.of("/b/chain-1"));
    assertThat(drill.query).isEqualTo("RETURN -1 AS n");
    assertThat(drill.expected).as("an answer that looks like an option").isEqualTo("-1");
    assertThat(drill.json).isTrue();
  }

  @Test
  void aDrillExpectingAnEmptyStringParsesIntoIt() {
    DrillCommand drill =
        subcommand(EngineArguments.drill("/b", "RETURN '' AS s", ""), DrillCommand.class);

    assertThat(drill.expected).isEmpty();
  }

  @Test
  void inspectAndDeleteParseIntoTheirDirectory() {
    InspectCommand inspect =
        subcommand(EngineArguments.inspect("/b/chain-1"), InspectCommand.class);
    DeleteCommand delete = subcommand(EngineArguments.delete("/b/chain-1"), DeleteCommand.class);

    assertThat(inspect.directory).isEqualTo(Path.of("/b/chain-1"));
    assertThat(inspect.json).isTrue();
    assertThat(delete.directory).isEqualTo(Path.of("/b/chain-1"));
    assertThat(delete.json).isTrue();
  }

  static EngineArguments.ObjectStore objectStore() {
    return EngineArguments.objectStore()
        .endpoint("https://minio.example:9000")
        .region("eu-central-1")
        .pathStyle(true)
        .work("/work")
        .caBundle("/tls/minio-ca.pem");
  }

  static void assertObjectStoreOptions(ObjectStoreOptions options) {
    assertThat(options.endpoint).isEqualTo("https://minio.example:9000");
    assertThat(options.region).isEqualTo("eu-central-1");
    assertThat(options.pathStyle).isTrue();
    assertThat(options.work).isEqualTo(Path.of("/work"));
    assertThat(options.caBundle).isEqualTo(Path.of("/tls/minio-ca.pem"));
  }

  @Test
  void aBackupIntoAChainInObjectStorageParsesIntoItsLocationAndOptions() {
    List<String> arguments =
        EngineArguments.backup("single://neo4j", "s3://backups/neo4j/chain-20260105T013000.000Z")
            .mode(BackupMode.INCREMENTAL)
            .objectStore(objectStore())
            .json()
            .arguments();
    Neo4jBackupCommand command = new Neo4jBackupCommand();

    CommandLine.ParseResult parsed =
        new CommandLine(command).parseArgs(arguments.toArray(String[]::new));

    assertThat(parsed.matchedOption(EngineArguments.TO).stringValues())
        .containsExactly("s3://backups/neo4j/chain-20260105T013000.000Z");
    assertThat(parsed.hasMatchedOption(EngineArguments.INCREMENTAL)).isTrue();
    assertObjectStoreOptions(command.objectStore);
  }

  @Test
  void aRestoreInspectionAndDeleteInObjectStorageParseIntoTheirOptions() {
    String chain = "s3://backups/neo4j/chain-20260105T013000.000Z";
    RestoreCommand restore =
        subcommand(
            EngineArguments.restore(chain, "/data").objectStore(objectStore()).arguments(),
            RestoreCommand.class);
    InspectCommand inspect =
        subcommand(EngineArguments.inspect(chain, objectStore()), InspectCommand.class);
    DeleteCommand delete =
        subcommand(EngineArguments.delete(chain, objectStore()), DeleteCommand.class);

    assertObjectStoreOptions(restore.objectStore);
    assertObjectStoreOptions(inspect.objectStore);
    assertObjectStoreOptions(delete.objectStore);
    assertThat(delete.json).isTrue();
    assertThat(
            parse(EngineArguments.delete(chain, objectStore()))
                .subcommand()
                .matchedPositional(0)
                .stringValues())
        .containsExactly(chain);
  }

  @Test
  void objectStoreOptionsWithCompressionAndAKeyParseForBackupRestoreAndInspect() {
    EngineArguments.ObjectStore objectStore =
        EngineArguments.objectStore()
            .endpoint("http://minio:9000")
            .pathStyle(true)
            .encryptionKeyFile("/keys/backup.key")
            .compression(Compression.ZSTD);
    Neo4jBackupCommand backup = new Neo4jBackupCommand();
    new CommandLine(backup)
        .parseArgs(
            EngineArguments.backup("single://neo4j", "s3://backups/neo4j")
                .objectStore(objectStore)
                .arguments()
                .toArray(String[]::new));
    RestoreCommand restore =
        subcommand(
            EngineArguments.restore("s3://backups/neo4j", "/data")
                .objectStore(objectStore)
                .arguments(),
            RestoreCommand.class);

    InspectCommand inspect =
        subcommand(
            EngineArguments.inspect("s3://backups/neo4j", objectStore), InspectCommand.class);

    for (ObjectStoreOptions options :
        List.of(backup.objectStore, restore.objectStore, inspect.objectStore)) {
      assertThat(options.compression).isEqualTo("zstd");
      assertThat(options.encryptionKeyFile).isEqualTo(Path.of("/keys/backup.key"));
    }
    for (Compression compression : Compression.values()) {
      Neo4jBackupCommand command = new Neo4jBackupCommand();
      new CommandLine(command)
          .parseArgs(
              EngineArguments.backup("single://neo4j", "s3://b/p")
                  .objectStore(EngineArguments.objectStore().compression(compression))
                  .arguments()
                  .toArray(String[]::new));
      assertThat(command.objectStore.compression).isEqualTo(compression.argument());
    }
  }
}

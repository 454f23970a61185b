package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neo4jbackup.cli.Neo4jBackupCommand;
import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.client.Manifest;
import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Progress;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.protocol.Checksums;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.StoreIdentity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups from {@code ha://} URIs naming three real Neo4j servers of cluster {@code payments} that
 * share one store: member 0 takes writes, members 1 and 2 boot on a backup of it and stay at that
 * seed. The cases share the servers and run in order, because the later ones take members down:
 * member 0 is stopped, member 1 killed during a backup, and at last every member is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaBackupIT {
  @TempDir static Path work;
  static Neo4jCluster cluster;
  static ChainWriter writer;
  static int targets;

  @BeforeAll
  static void startTheMembers() {
    Neo4jServer first =
        Neo4jServer.start(work.resolve("member-1"), Map.of("ha.cluster_name", "payments"));
    // Larger than what socket and channel buffers hold, so a member killed mid-transfer has not
    // sent everything yet.
    Ballast.add(first.driver(), 32);
    writer = ChainWriter.start(first.driver());
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= 100);
    cluster = Neo4jCluster.seededFrom(first, work, List.of("payments", "payments", "reporting"));
  }

  @AfterAll
  static void stop() {
    if (writer != null) {
      writer.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static Path newTarget() {
    return work.resolve("backups-" + ++targets).resolve("backup");
  }

  static String address(int member) {
    return Neo4jCluster.address(cluster.member(member));
  }

  static BackupInspector.Chain assertCompleteChain(Path backup, long atLeast) {
    BackupInspector.Chain chain =
        BackupInspector.readChain(backup, "neo4j", work.resolve("inspect-" + ++targets));
    assertThat(chain.contiguous()).as("chain %s has no gap or duplicate", chain).isTrue();
    assertThat(chain.max()).isGreaterThanOrEqualTo(atLeast);
    return chain;
  }

  static List<String> outcomes(List<MemberOutcome> members) {
    return members.stream()
        .map(
            member ->
                member.member()
                    + " "
                    + member.outcome()
                    + (member.failure() == null ? "" : " " + member.failure()))
        .toList();
  }

  @Test
  @Order(1)
  void aFullBackupComesFromTheMemberWithTheLatestTransactionsAndTheJsonSaysWhatEachMemberDid()
      throws Exception {
    Path target = newTarget();
    long committedBefore = writer.committed();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "-full",
            "-from",
            cluster.haUri(1, 2, 0),
            "-cluster",
            "payments",
            "-to",
            target.toString(),
            "-json");

    assertThat(status).as("exit status, stderr: %s", err).isZero();
    JsonNode result = new ObjectMapper().readTree(out.toString()).get("result");
    assertThat(result.get("member").asText()).isEqualTo(address(0));
    List<String> members = new ArrayList<>();
    result
        .get("members")
        .forEach(
            member ->
                members.add(member.get("member").asText() + " " + member.get("outcome").asText()));
    assertThat(members)
        .containsExactly(
            address(1) + " NOT_NEEDED", address(2) + " NOT_NEEDED", address(0) + " USED");
    assertCompleteChain(target, committedBefore);
  }

  @Test
  @Order(2)
  void membersOfAnotherClusterThanTheOneAskedForAreRefusedWithBothNames() {
    Path target = newTarget();

    assertThatThrownBy(
            () -> OnlineBackup.from(cluster.haUri(0, 1)).cluster("reporting").full(target))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(BackupFailure.WRONG_CLUSTER);
              assertThat(outcomes(e.members()))
                  .containsExactly(
                      address(0) + " FAILED WRONG_CLUSTER", address(1) + " FAILED WRONG_CLUSTER");
            })
        .hasMessage(
            "no member of "
                + cluster.haUri(0, 1)
                + " can serve a full backup ("
                + address(0)
                + ": "
                + address(0)
                + " belongs to cluster 'payments', not to cluster 'reporting'; "
                + address(1)
                + ": "
                + address(1)
                + " belongs to cluster 'payments', not to cluster 'reporting')");
    assertThat(target).doesNotExist();
  }

  @Test
  @Order(3)
  void anIncrementalMayComeFromAnotherMemberOfTheSameStoreThanTheFull() {
    Path target = newTarget();
    BackupResult full = OnlineBackup.from(cluster.haUri(1, 2)).full(target);
    assertThat(full.member()).as("a tie goes to the URI's order").isEqualTo(address(1));
    long until = writer.committed() + 100;
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= until);
    long committedBefore = writer.committed();

    BackupResult incremental =
        OnlineBackup.from(cluster.haUri(1, 2, 0)).verify(true).incremental(target);

    assertThat(incremental.member()).isEqualTo(address(0));
    assertThat(incremental.firstTxId()).isEqualTo(full.lastTxId() + 1);
    assertThat(incremental.lastTxId()).isGreaterThanOrEqualTo(full.lastTxId() + 100);
    assertThat(incremental.verified()).isTrue();
    assertCompleteChain(target, committedBefore);
  }

  @Test
  @Order(4)
  void aMemberThatBreaksOffAnIncrementalIsCutBackAndTheNextMemberContinuesTheBackup() {
    Path target = newTarget();
    BackupResult full = OnlineBackup.from(cluster.haUri(1)).full(target);
    StoreIdentity store = Manifest.readFrom(target).storeId();
    long until = writer.committed() + 50;
    await().atMost(Duration.ofMinutes(1)).until(() -> writer.committed() >= until);
    long committedBefore = writer.committed();
    TestingBackupServer.RequestScript appendGarbageAndHangUp =
        (ctx, request) -> {
          Message.IncrementalBackupRequest asked = (Message.IncrementalBackupRequest) request;
          ctx.write(
              new Message.IncrementalBegin(
                  store, "payments", asked.lastAppendIndex() + 1, asked.lastAppendIndex() + 1000));
          ctx.write(new Message.LogAppendBegin(asked.logVersion(), asked.logOffset()));
          ByteBuf garbage = Unpooled.wrappedBuffer(new byte[64 * 1024]);
          // An orderly close, so that the garbage arrives before the end of the stream does.
          ctx.channel().config().setOption(ChannelOption.SO_LINGER, -1);
          ctx.writeAndFlush(new Message.FileChunk(Checksums.crc32c(garbage), garbage))
              .addListener(ChannelFutureListener.CLOSE);
        };

    try (TestingBackupServer breaking =
        TestingBackupServer.member(store, "payments", Long.MAX_VALUE, appendGarbageAndHangUp)) {
      String uri = "ha://" + breaking.address() + "," + address(0);

      BackupResult incremental = OnlineBackup.from(uri).verify(true).incremental(target);

      assertThat(incremental.member()).isEqualTo(address(0));
      assertThat(outcomes(incremental.members()))
          .containsExactly(breaking.address() + " FAILED CONNECTION", address(0) + " USED");
      assertThat(incremental.members().get(0).reason())
          .contains(
              "closed the connection in the middle of the incremental backup, after 65536 bytes");
      assertThat(incremental.firstTxId()).isEqualTo(full.lastTxId() + 1);
      assertThat(incremental.verified()).isTrue();
      assertCompleteChain(target, committedBefore);
    }
  }

  @Test
  @Order(5)
  void aMemberStoppedBeforeTheBackupIsPassedOver() {
    writer.stop();
    cluster.member(0).stop();

    BackupResult result =
        OnlineBackup.from(cluster.haUri(0, 1, 2)).cluster("payments").full(newTarget());

    assertThat(result.member()).isEqualTo(address(1));
    assertThat(outcomes(result.members()))
        .containsExactly(
            address(0) + " FAILED CONNECTION", address(1) + " USED", address(2) + " NOT_NEEDED");
    assertThat(result.members().get(0).reason()).contains("refused");
  }

  @Test
  @Order(6)
  void aMemberKilledDuringTheBackupIsReplacedByAnotherAndTheBackupVerifies() {
    AtomicBoolean killed = new AtomicBoolean();
    Progress killingTheFirstMember =
        (files, bytes, current) -> {
          if (files == 1 && killed.compareAndSet(false, true)) {
            cluster.member(1).kill();
          }
        };

    BackupResult result =
        OnlineBackup.from(cluster.haUri(0, 1, 2))
            .cluster("payments")
            .verify(true)
            .progress(killingTheFirstMember)
            .full(newTarget());

    assertThat(killed).isTrue();
    assertThat(result.member()).isEqualTo(address(2));
    assertThat(outcomes(result.members()))
        .containsExactly(
            address(0) + " FAILED CONNECTION",
            address(1) + " FAILED CONNECTION",
            address(2) + " USED");
    assertThat(result.members().get(1).reason())
        .contains("closed the connection in the middle of the backup");
    assertThat(result.verified()).isTrue();
    assertCompleteChain(Path.of(result.target()), 100);
    assertThat(Trees.list(Path.of(result.target()).getParent()))
        .as("no staging left behind")
        .containsExactlyInAnyOrder("backup", ".backup.lock");
  }

  @Test
  @Order(7)
  void withEveryMemberDownOneErrorNamesEachAndTheEarlierBackupStaysAsItWas() throws Exception {
    Path target = newTarget();
    OnlineBackup.from(cluster.haUri(2)).full(target);
    Map<String, String> before = Trees.fingerprint(target);
    cluster.member(2).stop();
    StringWriter out = new StringWriter();

    int status =
        Neo4jBackupCommand.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "-from",
            cluster.haUri(0, 1, 2),
            "-to",
            target.toString(),
            "-json");

    assertThat(status).isEqualTo(3);
    JsonNode failure = new ObjectMapper().readTree(out.toString());
    assertThat(failure.get("failure").asText()).isEqualTo("CONNECTION");
    assertThat(failure.get("message").asText())
        .startsWith(
            "no member of " + cluster.haUri(0, 1, 2) + " can serve an incremental backup of ")
        .contains(address(0) + ": connection to " + address(0) + " refused")
        .contains(address(1) + ": connection to " + address(1) + " refused")
        .contains(address(2) + ": connection to " + address(2) + " refused");
    List<String> members = new ArrayList<>();
    failure
        .get("members")
        .forEach(
            member ->
                members.add(
                    member.get("member").asText()
                        + " "
                        + member.get("outcome").asText()
                        + " "
                        + member.get("failure").asText()));
    assertThat(members)
        .containsExactly(
            address(0) + " FAILED CONNECTION",
            address(1) + " FAILED CONNECTION",
            address(2) + " FAILED CONNECTION");
    assertThat(Trees.fingerprint(target)).isEqualTo(before);
  }
}

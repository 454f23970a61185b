package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.StoreIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MemberSelectionTest {
  static final StoreIdentity STORE = new StoreIdentity(100, 7, "record", "aligned", 1, 1);
  static final StoreIdentity OTHER_STORE = new StoreIdentity(200, 9, "record", "aligned", 1, 1);
  static final BackupUri URI = BackupUri.parse("ha://a,b,c");
  static final BackupUri.Member A = URI.members().get(0);
  static final BackupUri.Member B = URI.members().get(1);
  static final BackupUri.Member C = URI.members().get(2);
  static final Path DIRECTORY = Path.of("/backups/neo4j");

  static MemberSelection.Probe answered(
      BackupUri.Member member, String cluster, StoreIdentity store, long lastTx) {
    return MemberSelection.Probe.answered(
        member, new Message.ServerInfo(store, "neo4j", cluster, lastTx, "5.26.30"));
  }

  static MemberSelection.Probe unreachable(BackupUri.Member member) {
    return MemberSelection.Probe.failed(
        member,
        new BackupException(BackupFailure.CONNECTION, "connection to " + member + " refused"));
  }

  static Manifest backupOf(StoreIdentity store, long lastTx) {
    return new Manifest(
        Manifest.FORMAT_VERSION,
        "test",
        "neo4j",
        store,
        URI.toString(),
        A.toString(),
        "payments",
        "5.26.30",
        BackupMode.FULL,
        1,
        lastTx,
        0,
        lastTx,
        0,
        0,
        Instant.EPOCH,
        Instant.EPOCH,
        0,
        0,
        null,
        null);
  }

  static List<BackupUri.Member> members(List<MemberSelection.Probe> probes) {
    return probes.stream().map(MemberSelection.Probe::member).toList();
  }

  @Test
  void aFullBackupTriesTheMemberWithTheHighestLastTransactionFirstAndTheUrisOrderOnTies() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", STORE, 40),
                answered(B, "payments", STORE, 90),
                answered(C, "payments", STORE, 40)));

    assertThat(members(selection.forFull(0))).containsExactly(B, A, C);
  }

  @Test
  void theOutcomesNameTheMemberUsedTheOnesNotNeededAndWhyTheOthersFailed() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                unreachable(A),
                answered(B, "payments", STORE, 90),
                answered(C, "payments", STORE, 80)));
    assertThat(members(selection.forFull(0))).containsExactly(B, C);

    selection.failed(
        B, new BackupException(BackupFailure.CONNECTION, "b:6362 closed the connection"));
    selection.used(C);

    assertThat(selection.outcomes())
        .containsExactly(
            new MemberOutcome(
                "a:6362",
                MemberOutcome.Outcome.FAILED,
                BackupFailure.CONNECTION,
                "connection to a:6362 refused"),
            new MemberOutcome(
                "b:6362",
                MemberOutcome.Outcome.FAILED,
                BackupFailure.CONNECTION,
                "b:6362 closed the connection"),
            new MemberOutcome("c:6362", MemberOutcome.Outcome.USED, null, null));
  }

  @Test
  void aMemberOfAnotherClusterThanTheOneAskedForIsRefusedWithBothNames() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            "payments",
            List.of(
                answered(A, "reporting", STORE, 90),
                answered(B, "payments", STORE, 80),
                answered(C, "payments", STORE, 70)));

    assertThat(members(selection.forFull(0))).containsExactly(B, C);
    assertThat(selection.outcomes().get(0))
        .isEqualTo(
            new MemberOutcome(
                "a:6362",
                MemberOutcome.Outcome.FAILED,
                BackupFailure.WRONG_CLUSTER,
                "a:6362 belongs to cluster 'reporting', not to cluster 'payments'"));
  }

  @Test
  void withoutAClusterNameMembersThatReportDifferentNamesAreRefused() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", STORE, 90),
                unreachable(B),
                answered(C, "reporting", STORE, 70)));

    assertThatThrownBy(() -> selection.forFull(0))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.WRONG_CLUSTER))
        .hasMessage(
            "the members of ha://a:6362,b:6362,c:6362 belong to different clusters"
                + " (a:6362 cluster 'payments', c:6362 cluster 'reporting'): refused; name the"
                + " cluster to back up with -cluster");
  }

  @Test
  void aFullBackupIsRefusedWhenTheMembersServeDifferentStores() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            "payments",
            List.of(
                answered(A, "payments", STORE, 90),
                answered(B, "payments", OTHER_STORE, 80),
                answered(C, "payments", STORE, 70)));

    assertThatThrownBy(() -> selection.forFull(0))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.WRONG_CLUSTER))
        .hasMessageContaining("serve different stores")
        .hasMessageContaining("a:6362 store 64-7, b:6362 store c8-9, c:6362 store 64-7");
  }

  @Test
  void anIncrementalComesFromMembersOfTheBackupsStoreThatAreNotBehindIt() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", OTHER_STORE, 900),
                answered(B, "payments", STORE, 40),
                answered(C, "payments", STORE, 50)));

    List<MemberSelection.Probe> candidates =
        selection.forIncremental(DIRECTORY, backupOf(STORE, 50), 0);

    assertThat(members(candidates)).containsExactly(C);
    assertThat(selection.outcomes())
        .extracting(MemberOutcome::failure)
        .containsExactly(BackupFailure.OTHER_STORE, BackupFailure.BEHIND, null);
    assertThat(selection.outcomes().get(0).reason())
        .isEqualTo(
            DIRECTORY
                + " holds a backup of store 64-7, but a:6362 serves store c8-9 (another database):"
                + " refused; back it up into another directory");
    assertThat(selection.outcomes().get(1).reason())
        .startsWith(
            "b:6362 is behind the backup in "
                + DIRECTORY
                + ": its last committed transaction is 40, below 50");
  }

  @Test
  void aMemberThatIsBehindIsSkippedNotDivergedAndTheUnreachableOneIsWhatFails() {
    MemberSelection selection =
        new MemberSelection(
            URI, null, List.of(answered(A, "payments", STORE, 40), unreachable(B), unreachable(C)));

    assertThat(selection.forIncremental(DIRECTORY, backupOf(STORE, 50), 0)).isEmpty();
    BackupException failure = selection.noneCouldServe("an incremental backup of " + DIRECTORY);

    assertThat(failure.failure()).isEqualTo(BackupFailure.CONNECTION);
    assertThat(failure.members())
        .extracting(MemberOutcome::failure)
        .containsExactly(BackupFailure.BEHIND, BackupFailure.CONNECTION, BackupFailure.CONNECTION);
  }

  @Test
  void whenEveryMemberIsBehindTheFailureIsBehindAndTransient() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", STORE, 40),
                answered(B, "payments", STORE, 45),
                answered(C, "payments", STORE, 49)));

    assertThat(selection.forIncremental(DIRECTORY, backupOf(STORE, 50), 0)).isEmpty();
    BackupException failure = selection.noneCouldServe("an incremental backup of " + DIRECTORY);

    assertThat(failure.failure()).isEqualTo(BackupFailure.BEHIND);
    assertThat(failure.failure().exitCode()).isEqualTo(3);
  }

  @Test
  void aNewChainNeverStartsFromAMemberBehindTheFloor() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", STORE, 120),
                answered(B, "payments", STORE, 99),
                answered(C, "payments", STORE, 100)));

    assertThat(members(selection.forFull(100))).containsExactly(A, C);
    assertThat(selection.outcomes().get(1).failure()).isEqualTo(BackupFailure.BEHIND);
    assertThat(selection.outcomes().get(1).reason())
        .startsWith(
            "b:6362 is behind the transaction required: its last committed transaction is 99,"
                + " below 100");
  }

  @Test
  void anIncrementalNeverContinuesFromAnotherClusterThanTheBackupWasTakenFrom() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "staging", STORE, 90),
                answered(B, "payments", STORE, 80),
                unreachable(C)));

    assertThat(members(selection.forIncremental(DIRECTORY, backupOf(STORE, 50), 0)))
        .containsExactly(B);
    assertThat(selection.outcomes().get(0).failure()).isEqualTo(BackupFailure.WRONG_CLUSTER);
    assertThat(selection.outcomes().get(0).reason())
        .isEqualTo(
            "a:6362 belongs to cluster 'staging', not to cluster 'payments', which the backup was"
                + " taken from: a chain never continues from another cluster");
  }

  @Test
  void anIncrementalKeepsAFloorAboveTheBackupsOwnLastTransaction() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            null,
            List.of(
                answered(A, "payments", STORE, 60),
                answered(B, "payments", STORE, 80),
                answered(C, "payments", STORE, 70)));

    assertThat(members(selection.forIncremental(DIRECTORY, backupOf(STORE, 50), 70)))
        .containsExactly(B, C);
  }

  @Test
  void whenNoMemberCanServeOneErrorNamesEachAndTheKindOfTheOneThatCameClosest() {
    MemberSelection selection =
        new MemberSelection(
            URI,
            "payments",
            List.of(
                unreachable(A),
                answered(B, "reporting", STORE, 90),
                answered(C, "payments", STORE, 70)));
    selection.forIncremental(DIRECTORY, backupOf(STORE, 60), 0);
    selection.failed(
        C,
        new BackupException(
            BackupFailure.LOGS_PRUNED, "c:6362 refused: append index 60 is no longer there"));

    BackupException failure = selection.noneCouldServe("an incremental backup of " + DIRECTORY);

    assertThat(failure.failure()).isEqualTo(BackupFailure.LOGS_PRUNED);
    assertThat(failure.getMessage())
        .isEqualTo(
            "no member of ha://a:6362,b:6362,c:6362 can serve an incremental backup of "
                + DIRECTORY
                + " (a:6362: connection to a:6362 refused; b:6362: b:6362 belongs to cluster"
                + " 'reporting', not to cluster 'payments'; c:6362: c:6362 refused: append index"
                + " 60 is no longer there)");
    assertThat(failure.members())
        .extracting(MemberOutcome::failure)
        .containsExactly(
            BackupFailure.CONNECTION, BackupFailure.WRONG_CLUSTER, BackupFailure.LOGS_PRUNED);
    assertThat(selection.someMemberPrunedTheLogs()).isTrue();
  }

  @Test
  void aSingleServerThatCannotServeFailsWithItsOwnError() {
    BackupUri single = BackupUri.parse("single://a");
    MemberSelection selection =
        new MemberSelection(single, null, List.of(unreachable(single.members().get(0))));

    assertThat(selection.forFull(0)).isEmpty();
    BackupException failure = selection.noneCouldServe("a full backup");

    assertThat(failure.failure()).isEqualTo(BackupFailure.CONNECTION);
    assertThat(failure.getMessage()).isEqualTo("connection to a:6362 refused");
    assertThat(failure.members()).hasSize(1);
  }

  @Test
  void aMemberThatChangedBetweenTheProbeAndTheBackupIsNotUsed() {
    MemberSelection.Probe probed = answered(A, "payments", STORE, 90);

    assertThatThrownBy(
            () ->
                MemberSelection.checkUnchanged(
                    probed, answered(A, "payments", OTHER_STORE, 95).info()))
        .isInstanceOfSatisfying(
            BackupException.class,
            e -> assertThat(e.failure()).isEqualTo(BackupFailure.OTHER_STORE))
        .hasMessage("a:6362 now serves store c8-9, a moment ago store 64-7");
    MemberSelection.checkUnchanged(probed, answered(A, "payments", STORE, 95).info());
  }

  @Test
  void anotherMemberMayServeAfterTheMembersFailuresButNotAfterTheBackupsOwn() {
    for (BackupFailure memberFailure :
        List.of(
            BackupFailure.CONNECTION,
            BackupFailure.AUTHENTICATION,
            BackupFailure.PROTOCOL,
            BackupFailure.WRONG_CLUSTER,
            BackupFailure.OTHER_STORE,
            BackupFailure.DIVERGED,
            BackupFailure.LOGS_PRUNED)) {
      assertThat(MemberSelection.anotherMemberMayServe(new BackupException(memberFailure, "m")))
          .as("%s", memberFailure)
          .isTrue();
    }
    for (BackupFailure ownFailure :
        List.of(
            BackupFailure.TARGET,
            BackupFailure.TARGET_BUSY,
            BackupFailure.VERIFICATION,
            BackupFailure.INTERNAL)) {
      assertThat(MemberSelection.anotherMemberMayServe(new BackupException(ownFailure, "m")))
          .as("%s", ownFailure)
          .isFalse();
    }
  }

  @Test
  @Timeout(30)
  void membersAreAskedInParallelAndOneThatHangsIsGivenUpOnAfterTheBound() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger asked = new AtomicInteger();

    MemberSelection selection =
        MemberSelection.probe(
            URI,
            "neo4j",
            null,
            member -> {
              asked.incrementAndGet();
              if (member.equals(B)) {
                try {
                  never.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              throw new BackupException(
                  BackupFailure.CONNECTION, "connection to " + member + " refused");
            },
            Duration.ofMillis(500));

    assertThat(asked).hasValue(3);
    assertThat(selection.outcomes())
        .extracting(MemberOutcome::reason)
        .containsExactly(
            "connection to a:6362 refused",
            "b:6362 did not answer within 500 ms",
            "connection to c:6362 refused");
  }
}

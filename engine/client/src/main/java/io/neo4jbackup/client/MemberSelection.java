package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.contract.MemberOutcome;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.StoreIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The members of a backup URI as one backup sees them: what each answered when asked for its state,
 * which of them can serve the backup (best first: the highest last committed transaction, then the
 * URI's order), and what became of each.
 *
 * <p>The members must look like one cluster's copies of one database. With a cluster name asked
 * for, a member of another cluster is refused and the others are used. Without one, members that
 * report different cluster names refuse the whole backup, and so do members that serve different
 * stores for a full backup: the tool does not guess which database is meant.
 */
final class MemberSelection {
  /** Failures that belong to the backup's side, where trying another member cannot help. */
  private static final Set<BackupFailure> NOT_THE_MEMBERS =
      EnumSet.of(
          BackupFailure.TARGET,
          BackupFailure.TARGET_BUSY,
          BackupFailure.VERIFICATION,
          BackupFailure.INTERNAL);

  /** What one member answered to an info request, or why it did not. */
  record Probe(BackupUri.Member member, Message.ServerInfo info, BackupException failure) {
    static Probe answered(BackupUri.Member member, Message.ServerInfo info) {
      return new Probe(member, info, null);
    }

    static Probe failed(BackupUri.Member member, BackupException failure) {
      return new Probe(member, null, failure);
    }
  }

  private final BackupUri uri;
  private final String cluster;
  private final List<Probe> probes;
  private final Map<BackupUri.Member, BackupException> failures = new LinkedHashMap<>();
  private BackupUri.Member used;

  /** The members of {@code uri} as {@code probes} found them; {@code cluster} may be null. */
  MemberSelection(BackupUri uri, String cluster, List<Probe> probes) {
    this.uri = uri;
    this.cluster = cluster;
    this.probes = List.copyOf(probes);
    for (Probe probe : probes) {
      if (probe.failure() != null) {
        failures.put(probe.member(), probe.failure());
      }
    }
  }

  /**
   * Asks every member of {@code uri} for the state of {@code database} at once, through {@code
   * connect}, and waits at most {@code bound} for all the answers.
   */
  static MemberSelection probe(
      BackupUri uri,
      String database,
      String cluster,
      Function<BackupUri.Member, BackupClient> connect,
      Duration bound) {
    List<BackupUri.Member> members = uri.members();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            members.size(),
            task -> {
              Thread thread = new Thread(task, "neo4j-backup-probe");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Probe>> answers = new ArrayList<>();
      for (BackupUri.Member member : members) {
        answers.add(pool.submit(() -> probeOne(member, database, connect)));
      }
      long deadline = System.nanoTime() + bound.toNanos();
      List<Probe> probes = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        probes.add(await(members.get(i), answers.get(i), deadline, bound));
      }
      return new MemberSelection(uri, cluster, probes);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Probe probeOne(
      BackupUri.Member member, String database, Function<BackupUri.Member, BackupClient> connect) {
    try (BackupClient client = connect.apply(member)) {
      return Probe.answered(member, client.info(database));
    } catch (BackupException e) {
      return Probe.failed(member, e);
    }
  }

  private static Probe await(
      BackupUri.Member member, Future<Probe> answer, long deadline, Duration bound) {
    try {
      return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Probe.failed(
          member,
          new BackupException(
              BackupFailure.CONNECTION,
              member
                  + " did not answer within "
                  + (bound.toMillis() % 1000 == 0
                      ? bound.toSeconds() + " s"
                      : bound.toMillis() + " ms")));
    } catch (ExecutionException e) {
      return Probe.failed(
          member,
          new BackupException(
              BackupFailure.INTERNAL,
              "asking " + member + " for its state failed: " + e.getCause(),
              e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException(BackupFailure.INTERNAL, "interrupted while asking " + member, e);
    }
  }

  /**
   * The members that can serve a full backup, best first: none behind {@code floor} (a transaction
   * id; 0 for none). Refuses members that serve different stores.
   */
  List<Probe> forFull(long floor) {
    List<Probe> serving = notBehind(ofTheCluster(cluster), floor, "the transaction required");
    Map<String, List<Probe>> byStore =
        serving.stream()
            .collect(
                Collectors.groupingBy(
                    probe -> probe.info().storeId().toString(),
                    LinkedHashMap::new,
                    Collectors.toList()));
    if (byStore.size() > 1) {
      throw new BackupException(
          BackupFailure.WRONG_CLUSTER,
          "the members of "
              + uri
              + " serve different stores ("
              + describe(serving, probe -> "store " + probe.info().storeId())
              + "): they are not copies of one database, and a backup will not guess which one"
              + " is meant; name the members of one database in the URI",
          null,
          outcomes());
    }
    return bestFirst(serving);
  }

  /**
   * The members that can continue the backup in {@code directory}, described by {@code backup}: of
   * the cluster it was taken from, the same store, and neither behind it nor behind {@code floor};
   * best first.
   */
  List<Probe> forIncremental(Path directory, Manifest backup, long floor) {
    String backupCluster = cluster != null ? cluster : backup.clusterName();
    List<Probe> sameStore = new ArrayList<>();
    for (Probe probe : ofTheCluster(backupCluster)) {
      Message.ServerInfo info = probe.info();
      if (!info.storeId().sameStoreAs(backup.storeId())) {
        failed(
            probe.member(),
            new BackupException(
                BackupFailure.OTHER_STORE,
                directory
                    + " holds a backup of store "
                    + backup.storeId()
                    + ", but "
                    + probe.member()
                    + " serves store "
                    + info.storeId()
                    + " (another database): refused; back it up into another directory"));
      } else {
        sameStore.add(probe);
      }
    }
    List<Probe> serving =
        notBehind(sameStore, Math.max(floor, backup.lastTxId()), "the backup in " + directory);
    return bestFirst(serving);
  }

  /**
   * {@code probes} less the members whose last committed transaction is older than {@code floor}:
   * those are skipped as behind (not yet caught up, or a database restored to an earlier state),
   * and another member is tried.
   */
  private List<Probe> notBehind(List<Probe> probes, long floor, String what) {
    List<Probe> current = new ArrayList<>();
    for (Probe probe : probes) {
      long last = probe.info().lastCommittedTxId();
      if (last < floor) {
        failed(
            probe.member(),
            new BackupException(
                BackupFailure.BEHIND,
                String.format(
                    "%s is behind %s: its last committed transaction is %d, below %d (a member"
                        + " that has not caught up yet, or a database restored to an earlier"
                        + " state)",
                    probe.member(), what, last, floor)));
      } else {
        current.add(probe);
      }
    }
    return current;
  }

  /**
   * The members that answered, less those of another cluster than {@code wanted} (null: any, but
   * then all must agree).
   */
  private List<Probe> ofTheCluster(String wanted) {
    List<Probe> answered = probes.stream().filter(probe -> probe.info() != null).toList();
    if (wanted == null) {
      if (answered.stream().map(probe -> probe.info().clusterName()).distinct().count() > 1) {
        throw new BackupException(
            BackupFailure.WRONG_CLUSTER,
            "the members of "
                + uri
                + " belong to different clusters ("
                + describe(answered, probe -> "cluster '" + probe.info().clusterName() + "'")
                + "): refused; name the cluster to back up with -cluster",
            null,
            outcomes());
      }
      return answered;
    }
    List<Probe> ofTheCluster = new ArrayList<>();
    for (Probe probe : answered) {
      if (wanted.equals(probe.info().clusterName())) {
        ofTheCluster.add(probe);
      } else {
        failed(
            probe.member(),
            new BackupException(
                BackupFailure.WRONG_CLUSTER,
                probe.member()
                    + " belongs to cluster '"
                    + probe.info().clusterName()
                    + "', not to cluster '"
                    + wanted
                    + "'"
                    + (wanted.equals(cluster)
                        ? ""
                        : ", which the backup was taken from: a chain never continues from"
                            + " another cluster")));
      }
    }
    return ofTheCluster;
  }

  private static List<Probe> bestFirst(List<Probe> serving) {
    List<Probe> ordered = new ArrayList<>(serving);
    ordered.sort(
        Comparator.comparingLong((Probe probe) -> probe.info().lastCommittedTxId()).reversed());
    return ordered;
  }

  private static String describe(List<Probe> probes, Function<Probe, String> what) {
    return probes.stream()
        .map(probe -> probe.member() + " " + what.apply(probe))
        .collect(Collectors.joining(", "));
  }

  /**
   * Checks that {@code candidate}, asked again on the connection that will carry the backup, is
   * still what it was when probed: the same cluster and store.
   */
  static void checkUnchanged(Probe candidate, Message.ServerInfo now) {
    Message.ServerInfo then = candidate.info();
    if (!now.clusterName().equals(then.clusterName())) {
      throw new BackupException(
          BackupFailure.WRONG_CLUSTER,
          String.format(
              "%s now belongs to cluster '%s', a moment ago to '%s'",
              candidate.member(), now.clusterName(), then.clusterName()));
    }
    if (!now.storeId().sameStoreAs(then.storeId())) {
      throw new BackupException(
          BackupFailure.OTHER_STORE,
          String.format(
              "%s now serves store %s, a moment ago store %s",
              candidate.member(), now.storeId(), then.storeId()));
    }
  }

  /**
   * True when {@code failure} is the member's (unreachable, lost, refused, corrupt data), so that
   * another member may serve; false when it is the backup's own (target, verification, a bug).
   */
  static boolean anotherMemberMayServe(BackupException failure) {
    return !NOT_THE_MEMBERS.contains(failure.failure());
  }

  /** The stores the members that answered serve, each once, in the URI's order. */
  List<StoreIdentity> answeredStores() {
    List<StoreIdentity> stores = new ArrayList<>();
    for (Probe probe : probes) {
      if (probe.info() != null && stores.stream().noneMatch(probe.info().storeId()::sameStoreAs)) {
        stores.add(probe.info().storeId());
      }
    }
    return stores;
  }

  /** {@code member} served the backup. */
  void used(BackupUri.Member member) {
    failures.remove(member);
    used = member;
  }

  /** {@code member} could not serve, or failed while serving. */
  void failed(BackupUri.Member member, BackupException failure) {
    failures.put(member, failure);
  }

  /** True when some member refused because it pruned the logs the backup needs. */
  boolean someMemberPrunedTheLogs() {
    return failures.values().stream().anyMatch(e -> e.failure() == BackupFailure.LOGS_PRUNED);
  }

  /** What became of each member, in the URI's order. */
  List<MemberOutcome> outcomes() {
    List<MemberOutcome> outcomes = new ArrayList<>();
    for (BackupUri.Member member : uri.members()) {
      BackupException failure = failures.get(member);
      outcomes.add(
          member.equals(used)
              ? MemberOutcome.used(member.toString())
              : failure != null
                  ? MemberOutcome.failed(member.toString(), failure.failure(), failure.getMessage())
                  : MemberOutcome.notNeeded(member.toString()));
    }
    return outcomes;
  }

  /**
   * The failure to report when no member could serve {@code what}: a single member's own failure,
   * or one that names each member and why. Its kind is that of the member that came closest to
   * serving: pruned logs or a diverged history say more about what to do than an unreachable one.
   */
  BackupException noneCouldServe(String what) {
    if (failures.isEmpty()) {
      return new BackupException(
          BackupFailure.INTERNAL,
          "no member of " + uri + " was tried for " + what,
          null,
          outcomes());
    }
    if (uri.members().size() == 1) {
      return failures.values().iterator().next().withMembers(outcomes());
    }
    BackupFailure kind =
        failures.values().stream()
            .map(BackupException::failure)
            .max(Comparator.comparingInt(MemberSelection::closeness))
            .orElseThrow();
    String reasons =
        uri.members().stream()
            .filter(failures::containsKey)
            .map(member -> member + ": " + failures.get(member).getMessage())
            .collect(Collectors.joining("; "));
    return new BackupException(
        kind,
        "no member of " + uri + " can serve " + what + " (" + reasons + ")",
        null,
        outcomes());
  }

  /**
   * How close to serving a member that failed this way came: a member that is only behind comes
   * last, so an unreachable member (which may be the one that is up to date) is what is reported.
   */
  private static int closeness(BackupFailure failure) {
    return switch (failure) {
      case LOGS_PRUNED -> 10;
      case DIVERGED -> 9;
      case OTHER_STORE -> 8;
      case WRONG_CLUSTER -> 7;
      case PROTOCOL -> 6;
      case USAGE -> 5;
      case AUTHENTICATION -> 4;
      case DATABASE_UNAVAILABLE -> 3;
      case SERVER_BUSY -> 2;
      case CONNECTION -> 1;
      default -> 0;
    };
  }
}

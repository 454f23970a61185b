package io.neo4jbackup.harness;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.client.Restore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real Neo4j servers that share one store id, as the members of a cluster do: the first member is a
 * running server; each other member boots, with ports and a home of its own, on a restored copy of
 * a full backup of it. Nothing replicates between them afterwards: a member that takes writes runs
 * ahead, the others stay at the seed, all with one history.
 */
public final class Neo4jCluster implements AutoCloseable {
  private final List<Neo4jServer> members;

  private Neo4jCluster(List<Neo4jServer> members) {
    this.members = List.copyOf(members);
  }

  /**
   * Seeds the other members from a full backup of {@code first} (taken under {@code work}, and
   * under any writes it takes) and starts them at once, one per entry of {@code clusterNames},
   * which is each one's {@code ha.cluster_name}.
   */
  public static Neo4jCluster seededFrom(Neo4jServer first, Path work, List<String> clusterNames) {
    Path seed = work.resolve("seed");
    OnlineBackup.from(first.backupUri()).full(seed);
    List<Path> homes = new ArrayList<>();
    for (int i = 0; i < clusterNames.size(); i++) {
      homes.add(restoredCopy(seed, work.resolve("member-" + (i + 2))));
    }
    ExecutorService starter = Executors.newFixedThreadPool(clusterNames.size());
    List<CompletableFuture<Neo4jServer>> starting =
        IntStream.range(0, clusterNames.size())
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            Neo4jServer.start(
                                homes.get(i), Map.of("ha.cluster_name", clusterNames.get(i))),
                        starter))
            .toList();
    starter.shutdown();
    List<Neo4jServer> members = new ArrayList<>(List.of(first));
    RuntimeException failure = null;
    for (CompletableFuture<Neo4jServer> member : starting) {
      try {
        members.add(member.join());
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    Neo4jCluster cluster = new Neo4jCluster(members);
    if (failure != null) {
      cluster.close();
      throw failure;
    }
    return cluster;
  }

  /** A server home whose data directory holds the backup in {@code seed}. */
  private static Path restoredCopy(Path seed, Path home) {
    try {
      Files.createDirectories(home.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    new Restore(Clock.systemUTC()).restore(seed, home.resolve("data"), null, false);
    return home;
  }

  /** Member {@code index}, 0 being the server the others were seeded from. */
  public Neo4jServer member(int index) {
    return members.get(index);
  }

  /** {@code ha://} naming the members at {@code indexes}, in that order. */
  public String haUri(int... indexes) {
    return IntStream.of(indexes)
        .mapToObj(index -> address(members.get(index)))
        .collect(Collectors.joining(",", "ha://", ""));
  }

  /** How a member is named in URIs and results: {@code 127.0.0.1:<backup port>}. */
  public static String address(Neo4jServer member) {
    return "127.0.0.1:" + member.backupPort();
  }

  /** Stops every member still running. */
  @Override
  public void close() {
    ExecutorService stopper = Executors.newFixedThreadPool(members.size());
    try {
      CompletableFuture.allOf(
              members.stream()
                  .map(member -> CompletableFuture.runAsync(member::stop, stopper))
                  .toArray(CompletableFuture[]::new))
          .join();
    } finally {
      stopper.shutdown();
    }
  }
}

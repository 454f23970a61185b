package io.neo4jbackup.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.client.OnlineBackup;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;

/**
 * A store with every kind of index Neo4j 5.26 Community builds (token lookup, range, text, point,
 * full-text, and a uniqueness constraint's index), backed up full and then incrementally while data
 * and schema change: recovery, which the engine starts with only the parts it needs, must leave
 * every index online, answering, and passing the consistency checker.
 */
class IndexedStoreBackupIT {
  @TempDir static Path work;
  static Neo4jServer server;

  @BeforeAll
  static void start() {
    server = Neo4jServer.start(work.resolve("neo4j"));
    run("CREATE RANGE INDEX item_n FOR (i:Item) ON (i.n)");
    run("CREATE TEXT INDEX item_name FOR (i:Item) ON (i.name)");
    run("CREATE POINT INDEX item_at FOR (i:Item) ON (i.at)");
    run("CREATE FULLTEXT INDEX item_words FOR (i:Item) ON EACH [i.name, i.bio]");
    run("CREATE RANGE INDEX likes_since FOR ()-[r:LIKES]-() ON (r.since)");
    run("CREATE CONSTRAINT key_unique FOR (k:Key) REQUIRE k.k IS UNIQUE");
    run("CALL db.awaitIndexes(120)");
    items(0, 500);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  static void run(String cypher) {
    try (Session session = server.driver().session()) {
      session.run(cypher).consume();
    }
  }

  /** Items {@code from} to {@code from + count - 1}, each with a property for every index. */
  static void items(int from, int count) {
    try (Session session = server.driver().session()) {
      session
          .run(
              "UNWIND range($from, $from + $count - 1) AS n"
                  + " CREATE (i:Item {n: n, name: 'item ' + n, bio: 'word' + n + ' text',"
                  + " at: point({x: n, y: n})})-[:LIKES {since: n}]->(:Key {k: n})",
              Map.of("from", from, "count", count))
          .consume();
    }
  }

  @Test
  void fullAndIncrementalBackupsOfAnIndexedStoreKeepEveryIndexOnlineAndConsistent() {
    Path target = work.resolve("backups").resolve("backup");
    BackupResult full = OnlineBackup.from(server.backupUri()).verify(true).backup(target);
    assertThat(full.mode()).isEqualTo(BackupMode.FULL);
    assertThat(full.verified()).as("the consistency checker passed the full backup").isTrue();

    // Replayed in place (not verified): new data, changed and deleted indexed values, a new index.
    items(500, 300);
    run("MATCH (i:Item) WHERE i.n < 100 SET i.name = 'renamed ' + i.n");
    run("MATCH (i:Item)-[r:LIKES]->(k:Key) WHERE i.n >= 700 DETACH DELETE i, k");
    run("CREATE TEXT INDEX item_bio FOR (i:Item) ON (i.bio)");
    run("CALL db.awaitIndexes(120)");
    BackupResult inPlace = OnlineBackup.from(server.backupUri()).backup(target);
    assertThat(inPlace.mode()).isEqualTo(BackupMode.INCREMENTAL);

    // Replayed in staging and checked: more data, and an index created by a replayed transaction.
    items(1000, 200);
    run("CREATE POINT INDEX key_at FOR (k:Key) ON (k.at)");
    run("MATCH (k:Key) WHERE k.k < 50 SET k.at = point({x: k.k, y: 0})");
    BackupResult verified = OnlineBackup.from(server.backupUri()).verify(true).backup(target);
    assertThat(verified.mode()).isEqualTo(BackupMode.INCREMENTAL);
    assertThat(verified.verified())
        .as("the consistency checker passed the store after both incrementals")
        .isTrue();

    Map<String, Object> read =
        BackupInspector.read(
            target,
            "neo4j",
            work.resolve("inspect"),
            tx -> {
              Map<String, Object> found = new HashMap<>();
              tx.execute("SHOW INDEXES YIELD name, state")
                  .forEachRemaining(row -> found.put((String) row.get("name"), row.get("state")));
              found.put(
                  "fulltext renamed",
                  tx.execute(
                          "CALL db.index.fulltext.queryNodes('item_words', 'renamed')"
                              + " YIELD node RETURN count(node) AS c")
                      .next()
                      .get("c"));
              found.put(
                  "text renamed",
                  tx.execute(
                          "MATCH (i:Item) USING TEXT INDEX i:Item(name)"
                              + " WHERE i.name STARTS WITH 'renamed' RETURN count(i) AS c")
                      .next()
                      .get("c"));
              found.put(
                  "point near origin",
                  tx.execute(
                          "MATCH (i:Item) USING POINT INDEX i:Item(at)"
                              + " WHERE point.distance(i.at, point({x: 0, y: 0})) < 10"
                              + " RETURN count(i) AS c")
                      .next()
                      .get("c"));
              found.put(
                  "range items",
                  tx.execute(
                          "MATCH (i:Item) USING INDEX i:Item(n) WHERE i.n >= 0 RETURN count(i) AS c")
                      .next()
                      .get("c"));
              found.put(
                  "unique keys",
                  tx.execute(
                          "MATCH (k:Key) USING INDEX k:Key(k) WHERE k.k >= 0 RETURN count(k) AS c")
                      .next()
                      .get("c"));
              return found;
            });
    for (String index :
        new String[] {
          "item_n",
          "item_name",
          "item_at",
          "item_words",
          "likes_since",
          "key_unique",
          "item_bio",
          "key_at"
        }) {
      assertThat(read).as("index %s after recovery", index).containsEntry(index, "ONLINE");
    }
    assertThat(read)
        .containsEntry("fulltext renamed", 100L)
        .containsEntry("text renamed", 100L)
        .containsEntry("point near origin", 8L)
        .containsEntry("range items", 900L)
        .containsEntry("unique keys", 900L);
  }
}

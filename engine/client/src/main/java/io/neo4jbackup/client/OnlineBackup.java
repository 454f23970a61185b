package io.neo4jbackup.client;

import io.neo4jbackup.protocol.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Online backups of a Neo4j server for Java programs, the same as the {@code neo4j-backup} command:
 *
 * <pre>{@code
 * BackupResult result = OnlineBackup.from("single://neo4j.example:6362").full(Path.of("/backups/neo4j"));
 * }</pre>
 *
 * A backup is built beside the target and published only when complete, recovered and (if asked)
 * verified; whatever the target held before stays as it was when anything fails.
 */
public final class OnlineBackup {
  public static final String DEFAULT_DATABASE = "neo4j";

  private final BackupUri uri;
  private final String database;
  private final String cluster;
  private final boolean verify;
  private final Progress progress;
  private final BackupClient.Timeouts timeouts;
  private final Clock clock;

  private OnlineBackup(
      BackupUri uri,
      String database,
      String cluster,
      boolean verify,
      Progress progress,
      BackupClient.Timeouts timeouts,
      Clock clock) {
    this.uri = uri;
    this.database = database;
    this.cluster = cluster;
    this.verify = verify;
    this.progress = progress;
    this.timeouts = timeouts;
    this.clock = clock;
  }

  /** A backup from {@code uri}: {@code single://host[:port]} or {@code ha://host[:port],...}. */
  public static OnlineBackup from(String uri) {
    return new OnlineBackup(
        BackupUri.parse(uri),
        DEFAULT_DATABASE,
        null,
        false,
        Progress.NONE,
        BackupClient.Timeouts.DEFAULT,
        Clock.systemUTC());
  }

  /** Back up database {@code name} instead of {@code neo4j}. */
  public OnlineBackup database(String name) {
    return new OnlineBackup(uri, name, cluster, verify, progress, timeouts, clock);
  }

  /** Only accept servers of the cluster named {@code name} ({@code ha.cluster_name}). */
  public OnlineBackup cluster(String name) {
    return new OnlineBackup(uri, database, name, verify, progress, timeouts, clock);
  }

  /** Also run Neo4j's consistency checker on the backup before publishing it. */
  public OnlineBackup verify(boolean verify) {
    return new OnlineBackup(uri, database, cluster, verify, progress, timeouts, clock);
  }

  public OnlineBackup progress(Progress progress) {
    return new OnlineBackup(uri, database, cluster, verify, progress, timeouts, clock);
  }

  /** How long to wait for a connection, and for the server to send anything once connected. */
  public OnlineBackup timeouts(Duration connect, Duration read) {
    return new OnlineBackup(
        uri, database, cluster, verify, progress, new BackupClient.Timeouts(connect, read), clock);
  }

  /**
   * Takes a full backup into {@code target}: an absent or empty directory, or an earlier backup,
   * which is replaced only once the new one is complete.
   */
  public BackupResult full(Path target) {
    Instant started = clock.instant();
    try (BackupDirectory directory = BackupDirectory.open(target)) {
      directory.existingBackup();
      Path staging = directory.createStaging();
      try {
        BackupResult result = fullInto(directory, staging, started);
        directory.publishStaging();
        return result;
      } catch (RuntimeException e) {
        directory.discardStaging();
        throw e;
      }
    }
  }

  private BackupResult fullInto(BackupDirectory directory, Path staging, Instant started) {
    Message.ServerInfo info;
    FullBackupReceiver.Summary summary;
    BackupUri.Member member;
    try (Connected connected = connect()) {
      member = connected.member();
      info = connected.info();
      summary = connected.client().fullBackup(database, staging, progress);
    }
    StoreRecovery.RecoveredStore store = StoreRecovery.recover(staging, database);
    checkIntegrity(member, summary, store);
    ConsistencyVerifier.Verdict verdict = verify ? verifyOrFail(directory, staging) : null;
    Instant completed = clock.instant();
    Manifest manifest =
        new Manifest(
            Manifest.FORMAT_VERSION,
            ToolVersion.get(),
            database,
            store.storeId(),
            uri.toString(),
            member.toString(),
            info.clusterName(),
            info.serverVersion(),
            "FULL",
            summary.begin().snapshotTxId(),
            store.lastTxId(),
            store.lastTxChecksum(),
            store.lastAppendIndex(),
            started,
            completed,
            summary.bytes(),
            summary.files(),
            verdict == null ? null : Boolean.TRUE);
    try {
      manifest.writeTo(staging);
    } catch (java.io.IOException e) {
      throw TargetFailures.writing(staging, e);
    }
    return new BackupResult(
        "FULL",
        directory.path(),
        database,
        store.storeId().toString(),
        member.toString(),
        info.clusterName(),
        summary.begin().snapshotTxId(),
        store.lastTxId(),
        summary.bytes(),
        summary.files(),
        Duration.between(started, completed),
        verdict == null ? null : Boolean.TRUE,
        verdict == null ? null : verdict.summary());
  }

  private void checkIntegrity(
      BackupUri.Member member,
      FullBackupReceiver.Summary summary,
      StoreRecovery.RecoveredStore store) {
    if (!store.storeId().sameStoreAs(summary.begin().storeId())) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          "the copied store has id "
              + store.storeId()
              + " but "
              + member
              + " announced "
              + summary.begin().storeId());
    }
    if (store.lastAppendIndex() != summary.end().lastAppendIndex()) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          "the copied transaction logs end at append index "
              + store.lastAppendIndex()
              + " but "
              + member
              + " sent them up to "
              + summary.end().lastAppendIndex());
    }
  }

  private ConsistencyVerifier.Verdict verifyOrFail(BackupDirectory directory, Path staging) {
    Path target = directory.path();
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(clock.instant());
    Path reports = target.resolveSibling(target.getFileName() + "-consistency-report-" + stamp);
    ConsistencyVerifier.Verdict verdict = ConsistencyVerifier.check(staging, database, reports);
    if (!verdict.consistent()) {
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker found errors in the new backup, so it was not published ("
              + verdict.summary()
              + "); report: "
              + verdict.report());
    }
    return verdict;
  }

  /** Connects to the first member that answers and serves the database, in the URI's order. */
  private Connected connect() {
    List<String> failures = new ArrayList<>();
    BackupException last = null;
    for (BackupUri.Member member : uri.members()) {
      BackupClient client = null;
      try {
        client = BackupClient.connect(member, timeouts);
        Message.ServerInfo info = client.info(database);
        if (cluster != null && !cluster.equals(info.clusterName())) {
          throw new BackupException(
              BackupFailure.PROTOCOL,
              member
                  + " belongs to cluster '"
                  + info.clusterName()
                  + "', not to cluster '"
                  + cluster
                  + "'");
        }
        return new Connected(member, client, info);
      } catch (BackupException e) {
        if (client != null) {
          client.close();
        }
        last = e;
        failures.add(e.getMessage());
      }
    }
    if (failures.size() == 1) {
      throw last;
    }
    throw new BackupException(
        last.failure(),
        "no member of " + uri + " can serve the backup: " + String.join("; ", failures));
  }

  private record Connected(BackupUri.Member member, BackupClient client, Message.ServerInfo info)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }
}

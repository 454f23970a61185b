package io.neo4jbackup.client;

import io.neo4jbackup.protocol.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Online backups of a Neo4j server for Java programs, the same as the {@code neo4j-backup} command:
 *
 * <pre>{@code
 * OnlineBackup source = OnlineBackup.from("single://neo4j.example:6362");
 * source.full(Path.of("/backups/neo4j"));         // copy the store, replay what was committed meanwhile
 * source.incremental(Path.of("/backups/neo4j"));  // only the transactions since, replayed over it
 * source.backup(Path.of("/backups/neo4j"));       // full into an empty directory, else incremental
 * }</pre>
 *
 * A full backup is built beside the target and published only when complete, recovered and (if
 * asked) verified. An incremental one journals what it does, so a killed run is rolled back or
 * finished by the next. Whatever fails, the earlier backup is never lost.
 *
 * <p>With {@code ha://host1,host2,...} every member is asked for its state first, in parallel (see
 * {@link MemberSelection}), and the backup comes from the member that can serve it with the highest
 * last committed transaction; when that member fails during the transfer, the backup starts again
 * from the next member of the same store. The result names the member used and what became of the
 * others.
 */
public final class OnlineBackup {
  public static final String DEFAULT_DATABASE = "neo4j";

  /** The longest a member may take to answer when asked for its state before a backup. */
  static final Duration PROBE_READ_TIMEOUT = Duration.ofSeconds(30);

  private final BackupUri uri;
  private final String database;
  private final String cluster;
  private final boolean verify;
  private final boolean fallbackToFull;
  private final Progress progress;
  private final BackupClient.Timeouts timeouts;
  private final ConnectionSecurity security;
  private final Clock clock;

  private OnlineBackup(
      BackupUri uri,
      String database,
      String cluster,
      boolean verify,
      boolean fallbackToFull,
      Progress progress,
      BackupClient.Timeouts timeouts,
      ConnectionSecurity security,
      Clock clock) {
    this.uri = uri;
    this.database = database;
    this.cluster = cluster;
    this.verify = verify;
    this.fallbackToFull = fallbackToFull;
    this.progress = progress;
    this.timeouts = timeouts;
    this.security = security;
    this.clock = clock;
  }

  /** A backup from {@code uri}: {@code single://host[:port]} or {@code ha://host[:port],...}. */
  public static OnlineBackup from(String uri) {
    return new OnlineBackup(
        BackupUri.parse(uri),
        DEFAULT_DATABASE,
        null,
        false,
        false,
        Progress.NONE,
        BackupClient.Timeouts.DEFAULT,
        ConnectionSecurity.NONE,
        Clock.systemUTC());
  }

  /** Back up database {@code name} instead of {@code neo4j}. */
  public OnlineBackup database(String name) {
    return new OnlineBackup(
        uri, name, cluster, verify, fallbackToFull, progress, timeouts, security, clock);
  }

  /** Only accept servers of the cluster named {@code name} ({@code ha.cluster_name}). */
  public OnlineBackup cluster(String name) {
    return new OnlineBackup(
        uri, database, name, verify, fallbackToFull, progress, timeouts, security, clock);
  }

  /** Also run Neo4j's consistency checker on the backup. */
  public OnlineBackup verify(boolean verify) {
    return new OnlineBackup(
        uri, database, cluster, verify, fallbackToFull, progress, timeouts, security, clock);
  }

  /**
   * When the server no longer has the logs an incremental backup needs, take a full backup instead
   * (built beside the target, replacing it only once complete).
   */
  public OnlineBackup fallbackToFull(boolean fallbackToFull) {
    return new OnlineBackup(
        uri, database, cluster, verify, fallbackToFull, progress, timeouts, security, clock);
  }

  public OnlineBackup progress(Progress progress) {
    return new OnlineBackup(
        uri, database, cluster, verify, fallbackToFull, progress, timeouts, security, clock);
  }

  /** How long to wait for a connection, and for the server to send anything once connected. */
  public OnlineBackup timeouts(Duration connect, Duration read) {
    return new OnlineBackup(
        uri,
        database,
        cluster,
        verify,
        fallbackToFull,
        progress,
        new BackupClient.Timeouts(connect, read),
        security,
        clock);
  }

  /**
   * Connect over TLS: trust the servers whose certificate {@code options}' CA signed, and present a
   * client certificate when it has one (mutual TLS). Null turns TLS off. The files are read now: a
   * missing or unusable one fails here, as {@link BackupFailure#USAGE}.
   */
  public OnlineBackup tls(TlsOptions options) {
    return new OnlineBackup(
        uri,
        database,
        cluster,
        verify,
        fallbackToFull,
        progress,
        timeouts,
        security.withTls(options),
        clock);
  }

  /**
   * Prove the shared secret in {@code file} to every server, and require each to prove it back
   * (HMAC-SHA256 over a challenge; the secret is never sent). Null turns it off. The file is read
   * now: it must hold at least 16 bytes, trailing line breaks aside.
   */
  public OnlineBackup sharedSecret(Path file) {
    return new OnlineBackup(
        uri,
        database,
        cluster,
        verify,
        fallbackToFull,
        progress,
        timeouts,
        security.withSharedSecret(file),
        clock);
  }

  /**
   * Takes a full backup into {@code target}: an absent or empty directory, or an earlier backup,
   * which is replaced only once the new one is complete.
   */
  public BackupResult full(Path target) {
    Instant started = clock.instant();
    try (BackupDirectory directory = BackupDirectory.open(target)) {
      directory.existingBackup();
      return fullInto(directory, started);
    }
  }

  /** Brings the backup in {@code target} up to date with the transactions committed since it. */
  public BackupResult incremental(Path target) {
    Instant started = clock.instant();
    try (BackupDirectory directory = BackupDirectory.open(target)) {
      Manifest manifest = directory.existingBackup();
      if (manifest == null) {
        throw new BackupException(
            BackupFailure.TARGET,
            directory.path()
                + " holds no backup: an incremental backup needs a full backup there first"
                + " (use -full, or neither -full nor -incremental to choose automatically)");
      }
      return incrementalInto(directory, manifest, started);
    }
  }

  /**
   * Full into an absent or empty {@code target}, incremental into an earlier backup of the
   * database.
   */
  public BackupResult backup(Path target) {
    Instant started = clock.instant();
    try (BackupDirectory directory = BackupDirectory.open(target)) {
      Manifest manifest = directory.existingBackup();
      return manifest == null
          ? fullInto(directory, started)
          : incrementalInto(directory, manifest, started);
    }
  }

  private BackupResult fullInto(BackupDirectory directory, Instant started) {
    return fullInto(directory, started, probeMembers());
  }

  /**
   * Takes the full backup from the best member that can serve it; when that member fails before the
   * transfer ends, starts again from the next one in fresh staging: a backup never mixes members.
   */
  private BackupResult fullInto(
      BackupDirectory directory, Instant started, MemberSelection members) {
    for (MemberSelection.Probe candidate : members.forFull()) {
      Path staging = directory.createStaging();
      try {
        FullTransfer transfer = fullTransfer(candidate, staging, members);
        if (transfer != null) {
          BackupResult result = fullIntoStaging(directory, staging, transfer, started, members);
          progress.phase(Progress.Phase.PUBLISHING);
          directory.publishStaging();
          return result;
        }
      } catch (RuntimeException e) {
        directory.discardStaging();
        throw e;
      }
      directory.discardStaging();
    }
    throw members.noneCouldServe("a full backup");
  }

  /** What a member sent for a full backup. */
  private record FullTransfer(
      BackupUri.Member member, Message.ServerInfo info, FullBackupReceiver.Summary summary) {}

  /**
   * Streams a full backup from {@code candidate} into {@code staging}; null when the member failed
   * in a way another member may not (recorded in {@code members}).
   */
  private FullTransfer fullTransfer(
      MemberSelection.Probe candidate, Path staging, MemberSelection members) {
    try (Connected connected = connect(candidate)) {
      progress.phase(Progress.Phase.TRANSFERRING);
      FullBackupReceiver.Summary summary =
          connected.client().fullBackup(database, staging, progress);
      members.used(candidate.member());
      return new FullTransfer(candidate.member(), connected.info(), summary);
    } catch (BackupException e) {
      if (!MemberSelection.anotherMemberMayServe(e)) {
        throw e;
      }
      members.failed(candidate.member(), e);
      return null;
    }
  }

  private BackupResult fullIntoStaging(
      BackupDirectory directory,
      Path staging,
      FullTransfer transfer,
      Instant started,
      MemberSelection members) {
    FullBackupReceiver.Summary summary = transfer.summary();
    progress.phase(Progress.Phase.RECOVERING);
    StoreRecovery.RecoveredStore store =
        StoreRecovery.recover(
            staging, database, StoreRecovery.StoreState.MAY_BE_PAST_CHECKPOINT, progress);
    checkIntegrity(
        transfer.member(), summary.begin().storeId(), summary.end().lastAppendIndex(), store);
    ConsistencyVerifier.Verdict verdict =
        verify ? verifyOrFail(directory, staging, "new backup, so it was not published") : null;
    Manifest manifest =
        manifest(
            "FULL",
            store,
            staging,
            transfer.member(),
            transfer.info(),
            summary.begin().snapshotTxId(),
            started,
            summary.bytes(),
            summary.files(),
            verdict);
    write(manifest, staging);
    return result(directory, manifest, verdict, members);
  }

  private BackupResult incrementalInto(
      BackupDirectory directory, Manifest previous, Instant started) {
    Path backup = directory.path();
    if (!previous.database().equals(database)) {
      throw new BackupException(
          BackupFailure.USAGE,
          backup
              + " holds a backup of database '"
              + previous.database()
              + "', not of '"
              + database
              + "'");
    }
    Path logDirectory = TransactionLogs.directory(backup, database);
    TransactionLogs.End logEnd =
        new TransactionLogs.End(previous.logVersion(), previous.logOffset());
    checkLogsUnchanged(backup, logDirectory, logEnd);
    MemberSelection members = probeMembers();
    for (MemberSelection.Probe candidate : members.forIncremental(backup, previous)) {
      IncrementalTransfer transfer =
          incrementalTransfer(candidate, backup, previous, logEnd, started, members);
      if (transfer != null) {
        return replayIncremental(directory, previous, transfer, started, members);
      }
    }
    if (fallbackToFull && members.someMemberPrunedTheLogs()) {
      return fullInto(directory, started, members);
    }
    throw members.noneCouldServe("an incremental backup of " + backup);
  }

  /** What a member sent for an incremental backup. */
  private record IncrementalTransfer(
      BackupUri.Member member, Message.ServerInfo info, IncrementalReceiver.Summary summary) {}

  /**
   * Appends what {@code candidate} sends to the backup's logs, journaled; null when the member
   * failed in a way another member may not (recorded in {@code members}, the logs cut back).
   */
  private IncrementalTransfer incrementalTransfer(
      MemberSelection.Probe candidate,
      Path backup,
      Manifest previous,
      TransactionLogs.End logEnd,
      Instant started,
      MemberSelection members) {
    Path logDirectory = TransactionLogs.directory(backup, database);
    try (Connected connected = connect(candidate)) {
      IncrementalJournal journal =
          new IncrementalJournal(
              IncrementalJournal.State.TRANSFERRING,
              logEnd.version(),
              logEnd.offset(),
              uri.toString(),
              candidate.member().toString(),
              connected.info().serverVersion(),
              started);
      writeJournal(journal, backup);
      IncrementalReceiver.Summary summary;
      try {
        progress.phase(Progress.Phase.TRANSFERRING);
        summary = connected.client().incrementalBackup(database, previous, logDirectory, progress);
      } catch (RuntimeException e) {
        rollBack(backup, logDirectory, logEnd, e);
        throw e;
      }
      writeJournal(journal.replaying(), backup);
      members.used(candidate.member());
      return new IncrementalTransfer(candidate.member(), connected.info(), summary);
    } catch (BackupException e) {
      if (!MemberSelection.anotherMemberMayServe(e)) {
        throw e;
      }
      members.failed(candidate.member(), e);
      return null;
    }
  }

  private BackupResult replayIncremental(
      BackupDirectory directory,
      Manifest previous,
      IncrementalTransfer transfer,
      Instant started,
      MemberSelection members) {
    Path backup = directory.path();
    BackupUri.Member member = transfer.member();
    IncrementalReceiver.Summary summary = transfer.summary();
    Message.ServerInfo info = transfer.info();
    progress.phase(Progress.Phase.RECOVERING);
    StoreRecovery.RecoveredStore store =
        StoreRecovery.recover(backup, database, StoreRecovery.StoreState.AT_CHECKPOINT, progress);
    checkIntegrity(member, previous.storeId(), summary.end().lastAppendIndex(), store);
    ConsistencyVerifier.Verdict verdict = null;
    if (verify) {
      progress.phase(Progress.Phase.VERIFYING);
      verdict = ConsistencyVerifier.check(backup, database, reportDirectory(backup));
    }
    Manifest manifest =
        manifest(
            "INCREMENTAL",
            store,
            backup,
            member,
            info,
            previous.lastTxId() + 1,
            started,
            summary.bytes(),
            summary.segments(),
            verdict);
    write(manifest, backup);
    try {
      IncrementalJournal.deleteFrom(backup);
    } catch (IOException e) {
      throw TargetFailures.writing(backup, e);
    }
    if (verdict != null && !verdict.consistent()) {
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker found errors in "
              + backup
              + " after the incremental backup ("
              + verdict.summary()
              + "); report: "
              + verdict.report()
              + "; take a full backup");
    }
    return result(directory, manifest, verdict, members);
  }

  /**
   * An incremental appends where the manifest says the logs end; anything else means someone
   * changed them.
   */
  private static void checkLogsUnchanged(
      Path backup, Path logDirectory, TransactionLogs.End expected) {
    TransactionLogs.End actual;
    try {
      actual = TransactionLogs.end(logDirectory);
    } catch (IOException e) {
      throw TargetFailures.writing(logDirectory, e);
    }
    if (!actual.equals(expected)) {
      throw new BackupException(
          BackupFailure.TARGET,
          String.format(
              "the transaction logs in %s end at log %d byte %d, but its manifest says log %d byte %d: the backup was"
                  + " changed since it was taken (was it started as a database?); take a full backup",
              backup, actual.version(), actual.offset(), expected.version(), expected.offset()));
    }
  }

  private void rollBack(
      Path backup, Path logDirectory, TransactionLogs.End logEnd, RuntimeException cause) {
    try {
      TransactionLogs.truncate(logDirectory, logEnd);
      IncrementalJournal.deleteFrom(backup);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static void writeJournal(IncrementalJournal journal, Path backup) {
    try {
      journal.writeTo(backup);
    } catch (IOException e) {
      throw TargetFailures.writing(backup, e);
    }
  }

  private Manifest manifest(
      String mode,
      StoreRecovery.RecoveredStore store,
      Path dataDirectory,
      BackupUri.Member member,
      Message.ServerInfo info,
      long firstTxId,
      Instant started,
      long bytes,
      int files,
      ConsistencyVerifier.Verdict verdict) {
    TransactionLogs.End logEnd;
    try {
      logEnd = TransactionLogs.end(TransactionLogs.directory(dataDirectory, database));
    } catch (IOException e) {
      throw TargetFailures.writing(dataDirectory, e);
    }
    return new Manifest(
        Manifest.FORMAT_VERSION,
        ToolVersion.get(),
        database,
        store.storeId(),
        uri.toString(),
        member.toString(),
        info.clusterName(),
        info.serverVersion(),
        mode,
        firstTxId,
        store.lastTxId(),
        store.lastTxChecksum(),
        store.lastAppendIndex(),
        logEnd.version(),
        logEnd.offset(),
        started,
        clock.instant(),
        bytes,
        files,
        verdict == null ? null : verdict.consistent());
  }

  private static void write(Manifest manifest, Path directory) {
    try {
      manifest.writeTo(directory);
    } catch (IOException e) {
      throw TargetFailures.writing(directory, e);
    }
  }

  private static BackupResult result(
      BackupDirectory directory,
      Manifest manifest,
      ConsistencyVerifier.Verdict verdict,
      MemberSelection members) {
    return new BackupResult(
        manifest.mode(),
        directory.path(),
        manifest.database(),
        manifest.storeId().toString(),
        manifest.member(),
        manifest.clusterName(),
        manifest.firstTxId(),
        manifest.lastTxId(),
        manifest.bytes(),
        manifest.files(),
        Duration.between(manifest.startedAt(), manifest.completedAt()),
        verdict == null ? null : verdict.consistent(),
        verdict == null ? null : verdict.summary(),
        members.outcomes());
  }

  private void checkIntegrity(
      BackupUri.Member member,
      io.neo4jbackup.protocol.StoreIdentity expectedStore,
      long expectedLastAppendIndex,
      StoreRecovery.RecoveredStore store) {
    if (!store.storeId().sameStoreAs(expectedStore)) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          "the recovered store has id "
              + store.storeId()
              + " but "
              + member
              + " announced "
              + expectedStore);
    }
    if (store.lastAppendIndex() != expectedLastAppendIndex) {
      throw new BackupException(
          BackupFailure.PROTOCOL,
          "the recovered transaction logs end at append index "
              + store.lastAppendIndex()
              + " but "
              + member
              + " sent them up to "
              + expectedLastAppendIndex);
    }
  }

  private ConsistencyVerifier.Verdict verifyOrFail(
      BackupDirectory directory, Path staging, String consequence) {
    progress.phase(Progress.Phase.VERIFYING);
    ConsistencyVerifier.Verdict verdict =
        ConsistencyVerifier.check(staging, database, reportDirectory(directory.path()));
    if (!verdict.consistent()) {
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker found errors in the "
              + consequence
              + " ("
              + verdict.summary()
              + "); report: "
              + verdict.report());
    }
    return verdict;
  }

  private Path reportDirectory(Path target) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(clock.instant());
    return target.resolveSibling(target.getFileName() + "-consistency-report-" + stamp);
  }

  /**
   * Asks every member for its state at once, each within the connect timeout and a read timeout of
   * at most {@link #PROBE_READ_TIMEOUT}: a member that hangs does not hold the backup up.
   */
  private MemberSelection probeMembers() {
    Duration read =
        timeouts.read().compareTo(PROBE_READ_TIMEOUT) < 0 ? timeouts.read() : PROBE_READ_TIMEOUT;
    BackupClient.Timeouts probing = new BackupClient.Timeouts(timeouts.connect(), read);
    return MemberSelection.probe(
        uri,
        database,
        cluster,
        member -> open(member, probing),
        probing.connect().plus(read).plus(read));
  }

  /**
   * Connects to {@code candidate} again, for the backup, and checks it is what it was probed as.
   */
  private Connected connect(MemberSelection.Probe candidate) {
    BackupClient client = open(candidate.member(), timeouts);
    try {
      Message.ServerInfo info = client.info(database);
      MemberSelection.checkUnchanged(candidate, info);
      return new Connected(candidate.member(), client, info);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Every connection to a member is opened here. */
  private BackupClient open(BackupUri.Member member, BackupClient.Timeouts timeouts) {
    return BackupClient.connect(member, timeouts, security);
  }

  private record Connected(BackupUri.Member member, BackupClient client, Message.ServerInfo info)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }
}

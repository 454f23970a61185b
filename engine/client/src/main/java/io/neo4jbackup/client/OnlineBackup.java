package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.BackupResult;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.contract.DatabaseNames;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.InvalidBackupUriException;
import io.neo4jbackup.protocol.Message;
import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

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
 * asked) verified; it replaces a backup of another database or store only when told to ({@link
 * #replace}). An incremental one journals what it does, so a killed run is rolled back or finished
 * by the next; a verified one is replayed and checked in a copy, and published only when the check
 * passes. Whatever fails, the earlier backup is never lost.
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

  /** How a backup is taken; each setter of {@link OnlineBackup} returns a copy with one changed. */
  private record Options(
      String database,
      String cluster,
      boolean verify,
      String drillQuery,
      String drillExpected,
      boolean fallbackToFull,
      boolean replace,
      long minTxId,
      Progress progress,
      BackupClient.Timeouts timeouts,
      ConnectionSecurity security,
      Clock clock) {}

  /** A mutable copy of {@link Options}, for the setters. */
  private static final class Changes {
    String database;
    String cluster;
    boolean verify;
    String drillQuery;
    String drillExpected;
    boolean fallbackToFull;
    boolean replace;
    long minTxId;
    Progress progress;
    BackupClient.Timeouts timeouts;
    ConnectionSecurity security;
    Clock clock;

    Changes(Options o) {
      database = o.database();
      cluster = o.cluster();
      verify = o.verify();
      drillQuery = o.drillQuery();
      drillExpected = o.drillExpected();
      fallbackToFull = o.fallbackToFull();
      replace = o.replace();
      minTxId = o.minTxId();
      progress = o.progress();
      timeouts = o.timeouts();
      security = o.security();
      clock = o.clock();
    }

    Options options() {
      return new Options(
          database,
          cluster,
          verify,
          drillQuery,
          drillExpected,
          fallbackToFull,
          replace,
          minTxId,
          progress,
          timeouts,
          security,
          clock);
    }
  }

  private final BackupUri uri;
  private final Options options;
  private final String database;
  private final Progress progress;
  private final Clock clock;

  private OnlineBackup(BackupUri uri, Options options) {
    this.uri = uri;
    this.options = options;
    this.database = options.database();
    this.progress = options.progress();
    this.clock = options.clock();
  }

  /** A backup from {@code uri}: {@code single://host[:port]} or {@code ha://host[:port],...}. */
  public static OnlineBackup from(String uri) {
    BackupUri parsed;
    try {
      parsed = BackupUri.parse(uri);
    } catch (InvalidBackupUriException e) {
      throw new BackupException(BackupFailure.USAGE, e.getMessage(), e);
    }
    return new OnlineBackup(
        parsed,
        new Options(
            DEFAULT_DATABASE,
            null,
            false,
            null,
            null,
            false,
            false,
            0,
            Progress.NONE,
            BackupClient.Timeouts.DEFAULT,
            ConnectionSecurity.NONE,
            Clock.systemUTC()));
  }

  private OnlineBackup with(Consumer<Changes> change) {
    Changes changes = new Changes(options);
    change.accept(changes);
    return new OnlineBackup(uri, changes.options());
  }

  /**
   * Back up database {@code name} instead of {@code neo4j}; matched as Neo4j matches names,
   * ignoring case. A name no Neo4j database can have fails here, as {@link BackupFailure#USAGE}.
   */
  public OnlineBackup database(String name) {
    String normalised = databaseName(name);
    return with(o -> o.database = normalised);
  }

  /**
   * {@code name} as Neo4j names databases; a {@link BackupFailure#USAGE} failure if it cannot be.
   */
  static String databaseName(String name) {
    try {
      return DatabaseNames.normalise(name);
    } catch (IllegalArgumentException e) {
      throw new BackupException(BackupFailure.USAGE, e.getMessage(), e);
    }
  }

  /** Only accept servers of the cluster named {@code name} ({@code ha.cluster_name}). */
  public OnlineBackup cluster(String name) {
    return with(o -> o.cluster = name);
  }

  /**
   * Also run Neo4j's consistency checker on the backup; a backup that fails it is not published.
   */
  public OnlineBackup verify(boolean verify) {
    return with(o -> o.verify = verify);
  }

  /**
   * Also run a restore drill ({@link Drill}) on the backup before it is published: a copy of it,
   * booted read-only, must answer {@code query} with {@code expected}; a backup that fails the
   * drill is not published (an incremental is then replayed and drilled in a copy, as with {@link
   * #verify}), and the earlier backup stays byte for byte as it was. Both null: no drill.
   */
  public OnlineBackup drill(String query, String expected) {
    if ((query == null) != (expected == null)) {
      throw new BackupException(
          BackupFailure.USAGE,
          "a restore drill needs both a query and its expected answer (-drill-query and"
              + " -drill-expect)");
    }
    return with(
        o -> {
          o.drillQuery = query;
          o.drillExpected = expected;
        });
  }

  /**
   * Whether the backup is checked before it is published: by the consistency checker or a drill.
   */
  private boolean checked() {
    return options.verify() || options.drillQuery() != null;
  }

  /**
   * When the server no longer has the logs an incremental backup needs, take a full backup instead
   * (built beside the target, replacing it only once complete).
   */
  public OnlineBackup fallbackToFull(boolean fallbackToFull) {
    return with(o -> o.fallbackToFull = fallbackToFull);
  }

  /**
   * Let {@link #full} replace a backup of another database or another store in the target (once the
   * new one is complete); without it such a target is refused. Only for full backups.
   */
  public OnlineBackup replace(boolean replace) {
    return with(o -> o.replace = replace);
  }

  /**
   * Refuse to back up from a member whose last committed transaction is below {@code txId}: a new
   * chain never starts behind the one before it.
   */
  public OnlineBackup notBehind(long txId) {
    return with(o -> o.minTxId = txId);
  }

  public OnlineBackup progress(Progress progress) {
    return with(o -> o.progress = progress);
  }

  /** How long to wait for a connection, and for the server to send anything once connected. */
  public OnlineBackup timeouts(Duration connect, Duration read) {
    return with(o -> o.timeouts = new BackupClient.Timeouts(connect, read));
  }

  /**
   * Connect over TLS: trust the servers whose certificate {@code options}' CA signed, and present a
   * client certificate when it has one (mutual TLS). Null turns TLS off. The files are read now: a
   * missing or unusable one fails here, as {@link BackupFailure#USAGE}.
   */
  public OnlineBackup tls(TlsOptions tls) {
    ConnectionSecurity security = options.security().withTls(tls);
    return with(o -> o.security = security);
  }

  /**
   * Prove the shared secret in {@code file} to every server, and require each to prove it back
   * (HMAC-SHA256 over a challenge; the secret is never sent). Null turns it off. The file is read
   * now: it must hold at least 16 bytes, trailing line breaks aside.
   */
  public OnlineBackup sharedSecret(Path file) {
    ConnectionSecurity security = options.security().withSharedSecret(file);
    return with(o -> o.security = security);
  }

  /**
   * Takes a full backup into {@code target}: an absent or empty directory, or an earlier backup of
   * the same database and store, which is replaced only once the new one is complete.
   */
  public BackupResult full(Path target) {
    Instant started = clock.instant();
    try (BackupDirectory directory = BackupDirectory.open(target)) {
      Manifest existing = directory.existingBackup();
      if (existing != null) {
        directory.checkReplaceable();
        if (!options.replace() && !DatabaseNames.same(existing.database(), database)) {
          throw new BackupException(
              BackupFailure.TARGET,
              directory.path()
                  + " holds a backup of database '"
                  + existing.database()
                  + "', not of '"
                  + database
                  + "': refused; back it up into another directory, or replace that backup with"
                  + " -replace");
        }
      }
      return fullInto(directory, existing, started, probeMembers());
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
          ? fullInto(directory, null, started, probeMembers())
          : incrementalInto(directory, manifest, started);
    }
  }

  /**
   * Takes the full backup from the best member that can serve it; when that member fails before the
   * transfer ends, starts again from the next one in fresh staging: a backup never mixes members.
   * Over an {@code existing} backup (unless told to replace it), the members must serve its store
   * and none behind it may start the new chain.
   */
  private BackupResult fullInto(
      BackupDirectory directory, Manifest existing, Instant started, MemberSelection members) {
    long floor = options.minTxId();
    if (existing != null && !options.replace()) {
      refuseAnotherStore(directory, existing, members);
      floor = Math.max(floor, existing.lastTxId());
    }
    for (MemberSelection.Probe candidate : members.forFull(floor)) {
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

  private static void refuseAnotherStore(
      BackupDirectory directory, Manifest existing, MemberSelection members) {
    List<StoreIdentity> stores = members.answeredStores();
    if (!stores.isEmpty() && stores.stream().noneMatch(existing.storeId()::sameStoreAs)) {
      throw new BackupException(
          BackupFailure.TARGET,
          directory.path()
              + " holds a backup of store "
              + existing.storeId()
              + ", but the server serves store "
              + stores.get(0)
              + " (another database, or the database recreated): refused; back it up into"
              + " another directory, or replace that backup with -replace",
          null,
          members.outcomes());
    }
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
    // The base's store arrived with the store (FullBackupReceiver); its checkpoints are kept as
    // recovery is about to read them, before it writes its own.
    StoreRecovery.Checkpoint checkpoint = StoreRecovery.checkpoint(staging, database);
    try {
      ChainBase.keepCheckpoints(staging, database);
    } catch (IOException e) {
      throw TargetFailures.writing(staging, e);
    }
    StoreRecovery.RecoveredStore store =
        StoreRecovery.recover(
            staging, database, StoreRecovery.StoreState.MAY_BE_PAST_CHECKPOINT, progress);
    checkIntegrity(
        transfer.member(), summary.begin().storeId(), summary.end().lastAppendIndex(), store);
    ConsistencyVerifier.Verdict verdict =
        options.verify()
            ? verifyOrFail(directory, staging, "new backup, so it was not published")
            : null;
    DrillResult drill = drillOrFail(staging, store, "the new backup was not published");
    Manifest.Base base;
    if (checkpoint == null || checkpoint.oldestNotVisibleElsewhere()) {
      // Recovery of the copy also read logs before its checkpoint's position: keep the recovered
      // store as the base instead, whose checkpoint is at the last transaction.
      try {
        ChainBase.snapshot(staging, database);
      } catch (IOException e) {
        throw TargetFailures.writing(staging, e);
      }
      base = null;
    } else {
      base =
          new Manifest.Base(
              store.lastTxId(),
              store.lastCommitTime(),
              checkpoint.logVersion(),
              checkpoint.logOffset());
    }
    Manifest manifest =
        manifest(
            null,
            base,
            BackupMode.FULL,
            store,
            staging,
            transfer.member(),
            transfer.info(),
            summary.begin().snapshotTxId(),
            started,
            summary.bytes(),
            summary.files(),
            verdict,
            null);
    write(manifest, staging);
    return result(directory, manifest, verdict, drill, members);
  }

  /**
   * Continues the backup in {@code directory}: in place, journaled; or, when verifying or drilling,
   * in a copy that replaces it only once the checks pass.
   */
  private BackupResult incrementalInto(
      BackupDirectory directory, Manifest previous, Instant started) {
    Path backup = directory.path();
    if (!DatabaseNames.same(previous.database(), database)) {
      throw new BackupException(
          BackupFailure.USAGE,
          backup
              + " holds a backup of database '"
              + previous.database()
              + "', not of '"
              + database
              + "'");
    }
    String cluster = options.cluster();
    if (cluster != null
        && previous.clusterName() != null
        && !cluster.equals(previous.clusterName())) {
      throw new BackupException(
          BackupFailure.WRONG_CLUSTER,
          backup
              + " holds a backup taken from cluster '"
              + previous.clusterName()
              + "', not from cluster '"
              + cluster
              + "': a chain never continues from another cluster; back it up into another"
              + " directory");
    }
    TransactionLogs.End logEnd =
        new TransactionLogs.End(previous.logVersion(), previous.logOffset());
    checkLogsUnchanged(backup, TransactionLogs.directory(backup, database), logEnd);
    if (checked()) {
      directory.checkReplaceable();
    }
    MemberSelection members = probeMembers();
    List<MemberSelection.Probe> candidates =
        members.forIncremental(backup, previous, options.minTxId());
    if (!candidates.isEmpty()) {
      Path work = checked() ? copyIntoStaging(directory, database, logEnd) : backup;
      try {
        for (MemberSelection.Probe candidate : candidates) {
          IncrementalTransfer transfer =
              incrementalTransfer(candidate, work, previous, logEnd, started, members);
          if (transfer != null) {
            return checked()
                ? replayInStaging(directory, work, previous, transfer, started, members)
                : replayInPlace(directory, previous, transfer, started, members);
          }
        }
      } finally {
        if (checked()) {
          directory.discardStaging();
        }
      }
    }
    if (options.fallbackToFull() && members.someMemberPrunedTheLogs()) {
      return fullInto(directory, previous, started, members);
    }
    throw members.noneCouldServe("an incremental backup of " + backup);
  }

  /**
   * A copy of the backup in staging, where a verified or drilled incremental is replayed and
   * checked. What nothing writes is linked rather than copied where the file system allows: the
   * chain's base, and the sealed transaction logs (all but the last two: the last, {@code
   * logEnd}'s, which the transfer continues, and the one before it, where the replay may start). A
   * hard link shares every write with the backup, so only files nothing in staging ever writes may
   * be linked (see {@link TransactionLogs#sealed}).
   */
  private static Path copyIntoStaging(
      BackupDirectory directory, String database, TransactionLogs.End logEnd) {
    Path staging = directory.createStaging();
    Path backup = directory.path();
    Path base = backup.resolve(BackupLayout.BASE);
    Path logDirectory = TransactionLogs.directory(backup, database);
    try {
      TreeCopy.copy(
          backup,
          staging,
          path -> path.startsWith(base) || TransactionLogs.sealed(path, logDirectory, logEnd));
      return staging;
    } catch (IOException e) {
      directory.discardStaging();
      throw TargetFailures.writing(staging, e);
    }
  }

  /** What a member sent for an incremental backup. */
  private record IncrementalTransfer(
      BackupUri.Member member, Message.ServerInfo info, IncrementalReceiver.Summary summary) {}

  /**
   * Appends what {@code candidate} sends to the logs of the backup in {@code work} (journaled when
   * that is the backup itself); null when the member failed in a way another member may not
   * (recorded in {@code members}, the logs cut back).
   */
  private IncrementalTransfer incrementalTransfer(
      MemberSelection.Probe candidate,
      Path work,
      Manifest previous,
      TransactionLogs.End logEnd,
      Instant started,
      MemberSelection members) {
    Path logDirectory = TransactionLogs.directory(work, database);
    boolean inPlace = !checked();
    try (Connected connected = connect(candidate)) {
      IncrementalJournal journal =
          new IncrementalJournal(
              IncrementalJournal.State.TRANSFERRING,
              logEnd.version(),
              logEnd.offset(),
              uri.toString(),
              candidate.member().toString(),
              connected.info().serverVersion(),
              started,
              null);
      if (inPlace) {
        writeJournal(journal, work);
      }
      IncrementalReceiver.Summary summary;
      try {
        progress.phase(Progress.Phase.TRANSFERRING);
        summary = connected.client().incrementalBackup(database, previous, logDirectory, progress);
      } catch (RuntimeException e) {
        rollBack(work, logDirectory, logEnd, e);
        throw e;
      }
      if (inPlace) {
        writeJournal(journal.replaying(summary.end().lastAppendIndex()), work);
      }
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

  private BackupResult replayInPlace(
      BackupDirectory directory,
      Manifest previous,
      IncrementalTransfer transfer,
      Instant started,
      MemberSelection members) {
    Path backup = directory.path();
    StoreRecovery.RecoveredStore store = replay(backup, previous, transfer);
    Manifest manifest =
        incrementalManifest(store, backup, previous, transfer, started, null)
            .withVerificationFailure(previous.verificationFailure());
    write(manifest, backup);
    try {
      IncrementalJournal.deleteFrom(backup);
    } catch (IOException e) {
      throw TargetFailures.writing(backup, e);
    }
    return result(directory, manifest, null, null, members);
  }

  /**
   * Replays and checks the incremental in the copy in staging, and publishes it only when the
   * consistency checker (if asked) and the drill (if asked) pass it. Otherwise the backup stays
   * exactly as it was; a consistency failure is recorded in its manifest, a failed drill is not
   * (the drill's answer is in the failure).
   */
  private BackupResult replayInStaging(
      BackupDirectory directory,
      Path staging,
      Manifest previous,
      IncrementalTransfer transfer,
      Instant started,
      MemberSelection members) {
    Path backup = directory.path();
    StoreRecovery.RecoveredStore store = replay(staging, previous, transfer);
    ConsistencyVerifier.Verdict verdict = null;
    if (options.verify()) {
      progress.phase(Progress.Phase.VERIFYING);
      verdict = ConsistencyVerifier.check(staging, database, reportDirectory(backup));
    }
    if (verdict != null && !verdict.consistent()) {
      directory.discardStaging();
      write(
          previous.withVerificationFailure(
              new Manifest.VerificationFailure(
                  clock.instant(),
                  store.lastTxId(),
                  verdict.summary(),
                  String.valueOf(verdict.report()))),
          backup);
      throw new BackupException(
          BackupFailure.VERIFICATION,
          "the consistency checker found errors in "
              + backup
              + " brought up to transaction "
              + store.lastTxId()
              + " ("
              + verdict.summary()
              + "); report: "
              + verdict.report()
              + ". The backup was left as it was, up to transaction "
              + previous.lastTxId()
              + ", and its manifest records the failure; take a full backup into a new"
              + " directory");
    }
    DrillResult drill =
        drillOrFail(
            staging,
            store,
            "the backup was left as it was, up to transaction " + previous.lastTxId());
    Manifest manifest = incrementalManifest(store, staging, previous, transfer, started, verdict);
    if (verdict == null) {
      // Drilled, not checked: a consistency failure stays recorded until a check passes.
      manifest = manifest.withVerificationFailure(previous.verificationFailure());
    }
    write(manifest, staging);
    progress.phase(Progress.Phase.PUBLISHING);
    directory.publishStaging();
    return result(directory, manifest, verdict, drill, members);
  }

  /** Recovers the backup in {@code dataDirectory} over its new logs, and checks what it became. */
  private StoreRecovery.RecoveredStore replay(
      Path dataDirectory, Manifest previous, IncrementalTransfer transfer) {
    progress.phase(Progress.Phase.RECOVERING);
    StoreRecovery.RecoveredStore store =
        StoreRecovery.recover(
            dataDirectory, database, StoreRecovery.StoreState.AT_CHECKPOINT, progress);
    checkIntegrity(
        transfer.member(), previous.storeId(), transfer.summary().end().lastAppendIndex(), store);
    return store;
  }

  private Manifest incrementalManifest(
      StoreRecovery.RecoveredStore store,
      Path dataDirectory,
      Manifest previous,
      IncrementalTransfer transfer,
      Instant started,
      ConsistencyVerifier.Verdict verdict) {
    return manifest(
        previous,
        null,
        BackupMode.INCREMENTAL,
        store,
        dataDirectory,
        transfer.member(),
        transfer.info(),
        previous.lastTxId() + 1,
        started,
        transfer.summary().bytes(),
        transfer.summary().segments(),
        verdict,
        null);
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

  /** Cuts the logs in {@code work} back after a failed transfer, and drops its journal if any. */
  private void rollBack(
      Path work, Path logDirectory, TransactionLogs.End logEnd, RuntimeException cause) {
    try {
      TransactionLogs.truncate(logDirectory, logEnd);
      IncrementalJournal.deleteFrom(work);
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

  /**
   * The manifest of a run that brought the backup in {@code dataDirectory} to {@code store}: a full
   * backup (no {@code previous}) starts a chain whose base is {@code fullBase}, or (null) that
   * store as recovered, an incremental continues {@code previous}'s chain.
   */
  private Manifest manifest(
      Manifest previous,
      Manifest.Base fullBase,
      BackupMode mode,
      StoreRecovery.RecoveredStore store,
      Path dataDirectory,
      BackupUri.Member member,
      Message.ServerInfo info,
      long firstTxId,
      Instant started,
      long bytes,
      int files,
      ConsistencyVerifier.Verdict verdict,
      Manifest.VerificationFailure verificationFailure) {
    TransactionLogs.End logEnd;
    try {
      logEnd = TransactionLogs.end(TransactionLogs.directory(dataDirectory, database));
    } catch (IOException e) {
      throw TargetFailures.writing(dataDirectory, e);
    }
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
            verdict == null ? null : verdict.consistent(),
            verificationFailure,
            store.lastCommitTime(),
            previous != null
                ? previous.base()
                : fullBase != null
                    ? fullBase
                    : new Manifest.Base(
                        store.lastTxId(),
                        store.lastCommitTime(),
                        logEnd.version(),
                        logEnd.offset()),
            previous == null ? List.of() : previous.chainRuns());
    return manifest.withRuns(append(manifest.runs(), manifest.thisRun()));
  }

  static <T> List<T> append(List<T> list, T element) {
    List<T> longer = new java.util.ArrayList<>(list);
    longer.add(element);
    return List.copyOf(longer);
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
      DrillResult drill,
      MemberSelection members) {
    return new BackupResult(
        manifest.mode(),
        directory.path().toString(),
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
        members.outcomes(),
        manifest.window(),
        drill,
        null);
  }

  private void checkIntegrity(
      BackupUri.Member member,
      StoreIdentity expectedStore,
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

  /**
   * Runs the restore drill, when asked, on the recovered backup in {@code staging}, which is copied
   * for it; one that does not pass fails the backup, saying {@code consequence}.
   */
  private DrillResult drillOrFail(
      Path staging, StoreRecovery.RecoveredStore store, String consequence) {
    if (options.drillQuery() == null) {
      return null;
    }
    progress.phase(Progress.Phase.VERIFYING);
    DrillResult drill =
        new Drill()
            .runOn(
                staging,
                database,
                store.lastTxId(),
                store.lastCommitTime(),
                options.drillQuery(),
                options.drillExpected());
    if (!drill.passed()) {
      throw BackupException.drillFailed(drill, consequence);
    }
    return drill;
  }

  private Path reportDirectory(Path target) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(clock.instant());
    return target.resolveSibling(
        BackupLayout.consistencyReport(target.getFileName().toString(), stamp));
  }

  /**
   * Asks every member for its state at once, each within the connect timeout and a read timeout of
   * at most {@link #PROBE_READ_TIMEOUT}: a member that hangs does not hold the backup up.
   */
  private MemberSelection probeMembers() {
    BackupClient.Timeouts timeouts = options.timeouts();
    Duration read =
        timeouts.read().compareTo(PROBE_READ_TIMEOUT) < 0 ? timeouts.read() : PROBE_READ_TIMEOUT;
    BackupClient.Timeouts probing = new BackupClient.Timeouts(timeouts.connect(), read);
    return MemberSelection.probe(
        uri,
        database,
        options.cluster(),
        member -> open(member, probing),
        probing.connect().plus(read).plus(read));
  }

  /**
   * Connects to {@code candidate} again, for the backup, and checks it is what it was probed as.
   */
  private Connected connect(MemberSelection.Probe candidate) {
    BackupClient client = open(candidate.member(), options.timeouts());
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
    return BackupClient.connect(member, timeouts, options.security());
  }

  private record Connected(BackupUri.Member member, BackupClient client, Message.ServerInfo info)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }
}

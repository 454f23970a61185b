package io.neo4jbackup.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupLayout;
import io.neo4jbackup.contract.BackupMode;
import io.neo4jbackup.contract.RecoveryWindow;
import io.neo4jbackup.protocol.StoreIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a backup directory holds, written as {@code neo4j-backup.json} at its top: the source
 * database and store, the transactions it covers, where its transaction log ends ({@code logOffset}
 * bytes into log file {@code logVersion}: where an incremental backup appends) and how it was
 * taken. Its presence marks a complete backup made by this tool.
 *
 * <p>A backup made since format 2 is a chain: {@code base} says where its full backup's store, kept
 * as it was in {@code base/}, stands ({@code base/} and the logs, never rewritten, restore any
 * transaction since), {@code runs} lists every run that made the chain, and {@code lastCommitTime}
 * is when the last transaction committed on the source.
 *
 * <p>{@code verificationFailure} records the last verified run that failed the consistency check:
 * that run left the backup as it was, and the record stays, through runs that do not verify, until
 * a later run passes verification (a full backup starts afresh).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int formatVersion,
    String toolVersion,
    String database,
    StoreIdentity storeId,
    String source,
    String member,
    String clusterName,
    String serverVersion,
    BackupMode mode,
    long firstTxId,
    long lastTxId,
    int lastTxChecksum,
    long lastAppendIndex,
    long logVersion,
    long logOffset,
    Instant startedAt,
    Instant completedAt,
    long bytes,
    int files,
    Boolean verified,
    VerificationFailure verificationFailure,
    Instant lastCommitTime,
    Base base,
    List<Run> runs) {

  /**
   * The full backup's store as kept in {@code base/}. {@code txId} is the full backup's last
   * transaction, committed at {@code commitTime}: the earliest a restore can stop at. {@code
   * logOffset} bytes into log {@code logVersion} is the position the base's checkpoint points to,
   * where recovery of the base starts: the chain keeps every log from that one on. A full backup
   * keeps the store as it was copied, so that position is the checkpoint the server pinned, at or
   * before {@code txId}, and recovery replays up to {@code txId} (and on); chains written by
   * earlier versions kept the recovered store, whose checkpoint is right after {@code txId}.
   * Recovering the base from its own checkpoint serves both.
   */
  public record Base(long txId, Instant commitTime, long logVersion, long logOffset) {}

  /** One run that added to the chain. */
  public record Run(
      BackupMode mode,
      Instant startedAt,
      Instant completedAt,
      long firstTxId,
      long lastTxId,
      Instant lastCommitTime,
      long bytes,
      int files,
      Boolean verified) {}

  /** A manifest of format 1: no base, no runs. */
  Manifest(
      int formatVersion,
      String toolVersion,
      String database,
      StoreIdentity storeId,
      String source,
      String member,
      String clusterName,
      String serverVersion,
      BackupMode mode,
      long firstTxId,
      long lastTxId,
      int lastTxChecksum,
      long lastAppendIndex,
      long logVersion,
      long logOffset,
      Instant startedAt,
      Instant completedAt,
      long bytes,
      int files,
      Boolean verified,
      VerificationFailure verificationFailure) {
    this(
        formatVersion,
        toolVersion,
        database,
        storeId,
        source,
        member,
        clusterName,
        serverVersion,
        mode,
        firstTxId,
        lastTxId,
        lastTxChecksum,
        lastAppendIndex,
        logVersion,
        logOffset,
        startedAt,
        completedAt,
        bytes,
        files,
        verified,
        verificationFailure,
        null,
        null,
        null);
  }

  /**
   * The points the chain can restore; null for a backup made before point-in-time restore, which
   * restores its newest state only.
   */
  public RecoveryWindow window() {
    return base == null || lastCommitTime == null
        ? null
        : new RecoveryWindow(base.txId(), base.commitTime(), lastTxId, lastCommitTime);
  }

  /** The runs that made the backup; for a backup of format 1, its last run as its manifest says. */
  public List<Run> chainRuns() {
    return runs != null
        ? runs
        : List.of(
            new Run(
                mode,
                startedAt,
                completedAt,
                firstTxId,
                lastTxId,
                lastCommitTime,
                bytes,
                files,
                verified));
  }

  /** The run this manifest describes. */
  Run thisRun() {
    return new Run(
        mode, startedAt, completedAt, firstTxId, lastTxId, lastCommitTime, bytes, files, verified);
  }

  /** A verified run that failed: when, up to which transaction it had got, and what was found. */
  public record VerificationFailure(
      Instant failedAt, long lastTxId, String summary, String report) {}

  /** This manifest with the chain's runs {@code runs}. */
  Manifest withRuns(List<Run> runs) {
    return with(verificationFailure, runs);
  }

  /** This manifest, recording that a verified run failed. */
  Manifest withVerificationFailure(VerificationFailure failure) {
    return with(failure, runs);
  }

  private Manifest with(VerificationFailure failure, List<Run> chainRuns) {
    return new Manifest(
        formatVersion,
        toolVersion,
        database,
        storeId,
        source,
        member,
        clusterName,
        serverVersion,
        mode,
        firstTxId,
        lastTxId,
        lastTxChecksum,
        lastAppendIndex,
        logVersion,
        logOffset,
        startedAt,
        completedAt,
        bytes,
        files,
        verified,
        failure,
        lastCommitTime,
        base,
        chainRuns);
  }

  public static final String FILE_NAME = BackupLayout.MANIFEST;
  public static final int FORMAT_VERSION = 2;

  /** Format 1: a backup that holds its newest state only (before point-in-time restore). */
  public static final int NEWEST_STATE_ONLY_FORMAT = 1;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The manifest of the backup in {@code directory}, or null when there is none. */
  public static Manifest readFrom(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readValue(file.toFile(), Manifest.class);
    } catch (IOException e) {
      throw new BackupException(
          BackupFailure.TARGET,
          "the backup manifest " + file + " cannot be read: " + e.getMessage(),
          e);
    }
  }

  /** Writes the manifest into {@code directory}, replacing any earlier one in a single rename. */
  void writeTo(Path directory) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    Path temporary = directory.resolve(FILE_NAME + ".tmp");
    Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Durability.force(temporary);
    Files.move(
        temporary,
        file,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Durability.force(directory);
  }
}

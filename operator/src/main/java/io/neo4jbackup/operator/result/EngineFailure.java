package io.neo4jbackup.operator.result;

import io.neo4jbackup.api.v1alpha1.FailureReason;
import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.DrillResult;
import io.neo4jbackup.contract.ResultLine;

/**
 * What the operator makes of each failure kind the engine names (the contract's {@link
 * BackupFailure}): the backup's fixed failure reason, and what a person can do about it. The switch
 * covers every kind: a kind added to the contract does not compile here until it is mapped.
 */
public record EngineFailure(BackupFailure kind, FailureReason reason, String advice) {

  public static EngineFailure of(BackupFailure kind) {
    return switch (kind) {
      case CONNECTION ->
          new EngineFailure(
              kind,
              FailureReason.Unreachable,
              "No server in spec.from answered on the backup port: check that the Service and its pods"
                  + " exist, that the backup plugin listens beyond loopback on that port"
                  + " (server.online_backup.listen_address, for example 0.0.0.0:6362; its default"
                  + " is 127.0.0.1:6362, loopback only) and that no NetworkPolicy keeps the backup"
                  + " pod out.");
      case SERVER_BUSY ->
          new EngineFailure(
              kind,
              FailureReason.ServerBusy,
              "The server was already streaming its maximum of backups"
                  + " (server.online_backup.max_concurrent) or had its maximum of connections"
                  + " (server.online_backup.max_connections). This is transient: the Job tried again"
                  + " spec.job.backoffLimit times; a schedule's next run continues its chain, and a"
                  + " one-off backup can be taken again with a new Neo4jBackup. If it persists, look for"
                  + " other backups of the same servers, or raise those limits.");
      case DATABASE_UNAVAILABLE ->
          new EngineFailure(
              kind,
              FailureReason.DatabaseUnavailable,
              "The database named in spec.database was stopped, starting or failed on the servers that"
                  + " answered. This is transient: the Job tried again spec.job.backoffLimit times; a"
                  + " schedule's next run continues its chain, and a one-off backup can be taken again"
                  + " with a new Neo4jBackup. If it persists, check the database with SHOW DATABASES on"
                  + " the servers.");
      case BEHIND ->
          new EngineFailure(
              kind,
              FailureReason.MemberBehind,
              "Every server that answered was behind the backup already in the target, or below"
                  + " spec.minTransactionId (a schedule sets it for a new chain to the previous chain's"
                  + " last transaction), so backing up from it would go back in time. This is transient"
                  + " while a member catches up: a schedule's next run tries again. If the database was"
                  + " restored to an earlier state on purpose, back it up into another spec.target.path"
                  + " (for a schedule, see 'After restoring a database' in the operator's SCHEDULES.md).");
      case AUTHENTICATION ->
          new EngineFailure(
              kind,
              FailureReason.AuthenticationFailed,
              "The backup port and the backup did not trust each other: check that spec.tls.secretName"
                  + " holds the CA that signed the servers' certificates (and, where the servers ask for"
                  + " one, a client certificate tls.crt with a PKCS#8 tls.key), that spec.tls.serverName"
                  + " matches their certificates, and that spec.sharedSecret names the servers' secret.");
      case WRONG_CLUSTER ->
          new EngineFailure(
              kind,
              FailureReason.WrongCluster,
              "The server belongs to another cluster than spec.cluster: check that spec.from names the"
                  + " cluster you mean, or create a new Neo4jBackup with the servers' ha.cluster_name"
                  + " as spec.cluster.");
      case OTHER_STORE ->
          new EngineFailure(
              kind,
              FailureReason.OtherStore,
              "The target directory holds a backup of another store (another database, or this one"
                  + " recreated): back this one up into another spec.target.path (a new Neo4jBackup), or"
                  + " replace the old backup with a new Neo4jBackup of mode Full with spec.replace: true"
                  + " (the old backup stays until the new one is complete).");
      case DIVERGED ->
          new EngineFailure(
              kind,
              FailureReason.Diverged,
              "The server's history diverged from the backup's: a transaction the backup holds has"
                  + " another checksum on the server (was the database restored or recreated?). The"
                  + " chain in the target cannot continue: take a full backup (mode Full replaces the"
                  + " chain in this directory once complete) or back up into another spec.target.path;"
                  + " a schedule with fallbackToFull starts a new chain by itself.");
      case LOGS_PRUNED ->
          new EngineFailure(
              kind,
              FailureReason.LogsPruned,
              "The server already pruned the transaction logs this incremental backup needs: take a full"
                  + " backup (mode Full), set spec.fallbackToFull, or keep more logs on the server"
                  + " (db.tx_log.rotation.retention_policy).");
      // Covers a port that does not speak the backup protocol (Bolt, HTTP) as well as corrupt data:
      // the model's closest reason is Integrity.
      case PROTOCOL ->
          new EngineFailure(
              kind,
              FailureReason.Integrity,
              "The server's answer was not a valid backup: check that spec.from names the online backup"
                  + " port (6362 by default, not Bolt's 7687) of a server with a matching backup plugin;"
                  + " if it does, retry, and report corrupt data that persists.");
      case TARGET_BUSY ->
          new EngineFailure(
              kind,
              FailureReason.TargetBusy,
              "Another backup was writing into the same target directory (it held the directory's lock):"
                  + " the operator never starts two at once, so check for a backup run from elsewhere"
                  + " into that volume; retry once it has finished.");
      // The model's TargetNotFound is the operator's to detect (a missing claim); what the engine
      // finds wrong in the directory itself (not a backup, not writable, full) is a spec that
      // cannot
      // be carried out as written.
      case TARGET ->
          new EngineFailure(
              kind,
              FailureReason.InvalidSpec,
              "The target directory cannot take this backup: use a directory that is empty or holds a"
                  + " backup made by neo4j-backup, writable by the pod's fsGroup, with free space. A full"
                  + " backup into a directory holding a backup of another database or another store"
                  + " replaces it only when asked to: create a new Neo4jBackup with mode Full and"
                  + " spec.replace: true (the old backup stays until the new one is complete).");
      case VERIFICATION ->
          new EngineFailure(
              kind,
              FailureReason.VerificationFailed,
              "The consistency checker found errors in the backup: do not rely on it; take a full backup"
                  + " into a fresh directory and check the server's own store.");
      case OBJECT_STORE_UNREACHABLE ->
          new EngineFailure(
              kind,
              FailureReason.ObjectStoreUnreachable,
              "The object store in spec.target.objectStore did not answer, or answered with server"
                  + " errors: check its endpoint, that the backup pod can reach it (DNS,"
                  + " NetworkPolicy, proxies) and, for HTTPS with a private CA, its caBundle. This"
                  + " is transient: a chain in the bucket counts only once its manifest is written,"
                  + " so nothing half-written is ever used.");
      case OBJECT_STORE_DENIED ->
          new EngineFailure(
              kind,
              FailureReason.ObjectStoreDenied,
              "The object store refused the backup's requests: check the credentials in"
                  + " spec.target.objectStore (the Secret's keys, or the service account's workload"
                  + " identity), that they may list, read and write the bucket and prefix, that the"
                  + " bucket exists, and that the encryption key is the one the chain was written"
                  + " with.");
      case OBJECT_STORE_INTEGRITY ->
          new EngineFailure(
              kind,
              FailureReason.ObjectStoreIntegrity,
              "An object in the bucket is not what its chain's manifest says (checksum, size,"
                  + " decryption or missing): nothing built from it was used. Check the bucket's"
                  + " lifecycle rules and who else writes below the prefix; take a full backup to"
                  + " start a new chain.");
      case USAGE ->
          new EngineFailure(
              kind,
              FailureReason.InvalidSpec,
              "The engine refused its arguments: check spec.from, spec.database and spec.target.");
      case INTERNAL ->
          new EngineFailure(
              kind,
              FailureReason.JobFailed,
              "The engine failed unexpectedly: see the backup pod's logs, and report it if it persists.");
    };
  }

  /** What the engine said, then what to do about it. */
  public String message(String engineMessage) {
    if (engineMessage == null || engineMessage.isBlank()) {
      return advice;
    }
    String said = engineMessage.strip();
    return said + (said.endsWith(".") ? " " : ". ") + advice;
  }

  /**
   * The message of a backup whose restore drill failed: what the engine said ({@code
   * engineMessage}, or one built from {@code drilled}), and what to do.
   */
  public static String drillFailed(String engineMessage, DrillResult drilled) {
    String said =
        engineMessage == null || engineMessage.isBlank()
            ? ResultLine.drillFailure(drilled)
            : engineMessage.strip();
    return said
        + (said.endsWith(".") ? " " : ". ")
        + "The backup was not published: the target keeps what it held before. Check the"
        + " query and its expected answer (spec.verify), then the data on the server.";
  }
}

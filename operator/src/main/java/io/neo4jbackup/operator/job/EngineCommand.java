package io.neo4jbackup.operator.job;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.VerifySpec;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.operator.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup container's command: the {@code neo4j-backup} engine's arguments for a spec, run so
 * that the engine's one-line JSON result becomes the container's termination message.
 *
 * <p>The engine prints its {@code -json} result on stdout and does not write the termination log
 * itself yet, so a POSIX shell redirects stdout there and {@code exec}s the engine: the engine
 * stays the container's main process (it receives SIGTERM and its exit status is the container's),
 * and arguments reach it as {@code "$@"}, never interpolated into the script. The result therefore
 * appears in the pod's status, which outlives the pod's logs, but not in {@code kubectl logs} (the
 * engine's stderr still does). The image must provide {@code /bin/sh}.
 *
 * <p>With TLS the client certificate is optional in the Secret (it is needed only where the servers
 * ask for one), so the script adds {@code -tls-cert} and {@code -tls-key} when both files are
 * mounted; everything else is decided here, in the arguments.
 */
public final class EngineCommand {

  /** The file the kubelet reads the termination message from (its default path). */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  /** The engine's executable, on the image's PATH. */
  public static final String EXECUTABLE = "neo4j-backup";

  /** The script {@code /bin/sh -c} runs; the engine's arguments follow it as "$@". */
  public static final String SCRIPT = "exec " + EXECUTABLE + " \"$@\" > " + TERMINATION_LOG;

  /** {@link #SCRIPT}, first adding the client certificate and key when the TLS Secret has them. */
  public static final String TLS_SCRIPT =
      "if [ -f "
          + SecretVolumes.TLS_CERTIFICATE
          + " ] && [ -f "
          + SecretVolumes.TLS_KEY
          + " ]; then set -- \"$@\" "
          + EngineArguments.TLS_CERT
          + " "
          + SecretVolumes.TLS_CERTIFICATE
          + " "
          + EngineArguments.TLS_KEY
          + " "
          + SecretVolumes.TLS_KEY
          + "; fi; "
          + SCRIPT;

  private EngineCommand() {}

  /**
   * The container's command: the shell, its script ({@link #TLS_SCRIPT} when {@code tls}), then the
   * engine's arguments.
   */
  public static List<String> command(List<String> engineArguments, boolean tls) {
    List<String> command =
        new ArrayList<>(List.of("/bin/sh", "-c", tls ? TLS_SCRIPT : SCRIPT, EXECUTABLE));
    command.addAll(engineArguments);
    return List.copyOf(command);
  }

  /**
   * The engine's arguments for {@code spec}, backing up from {@code from} (hosts already completed)
   * into {@code to} (a directory in the container), the database named as Neo4j names it ({@link
   * DatabaseName}). An {@link InvalidSpecException} says what in the spec the engine cannot run.
   */
  public static List<String> arguments(Neo4jBackupSpec spec, String from, String to) {
    return arguments(spec, from, to, null);
  }

  /**
   * As above, into {@code to} an {@code s3://} location reached with {@code objectStore}'s options
   * (null for a directory).
   */
  public static List<String> arguments(
      Neo4jBackupSpec spec, String from, String to, EngineArguments.ObjectStore objectStore) {
    BackupMode mode = spec.getMode() == null ? BackupMode.Auto : spec.getMode();
    boolean replace = Boolean.TRUE.equals(spec.getReplace());
    if (replace && mode != BackupMode.Full) {
      throw new InvalidSpecException(
          "spec.replace is true with mode "
              + mode
              + ": only a full backup replaces a backup of another database or store; create a"
              + " new Neo4jBackup with mode Full, or without replace");
    }
    VerifySpec verify = verify(spec.getVerify(), "spec.verify");
    EngineArguments.Backup backup = EngineArguments.backup(from, to);
    if (verify.getQuery() != null) {
      backup.drill(verify.getQuery(), verify.getExpect());
    }
    return backup
        .mode(
            switch (mode) {
              case Full -> io.neo4jbackup.contract.BackupMode.FULL;
              case Incremental -> io.neo4jbackup.contract.BackupMode.INCREMENTAL;
              case Auto -> null; // full into an empty directory, incremental into a backup
            })
        .replace(replace)
        .cluster(spec.getCluster())
        .database(DatabaseName.normalized(spec.getDatabase(), "spec.database"))
        .verify(Boolean.TRUE.equals(verify.getConsistency()))
        .fallbackToFull(Boolean.TRUE.equals(spec.getFallbackToFull()))
        .minTxId(spec.getMinTransactionId())
        .tls(
            spec.getTls() == null ? null : SecretVolumes.TLS_CA,
            spec.getTls() == null ? null : spec.getTls().getServerName())
        .secretFile(spec.getSharedSecret() == null ? null : SecretVolumes.SHARED_SECRET_FILE)
        .objectStore(objectStore)
        .json()
        .arguments();
  }

  /**
   * {@code verify} (at {@code field}, for messages), or no check when absent; an {@link
   * InvalidSpecException} when it names a drill's query without its expected answer or the other
   * way round.
   */
  public static VerifySpec verify(VerifySpec verify, String field) {
    if (verify == null) {
      return new VerifySpec();
    }
    if ((verify.getQuery() == null) != (verify.getExpect() == null)) {
      throw new InvalidSpecException(
          field
              + (verify.getQuery() == null
                  ? ".expect is set without " + field + ".query"
                  : ".query is set without " + field + ".expect")
              + ": a restore drill needs both the query and the answer it expects; create a new"
              + " resource with both, or neither");
    }
    return verify;
  }
}

package io.neo4jbackup.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code neo4j-backup} command line, built from typed options: what the operator runs in its
 * Jobs, and the option names the engine's parser declares (the engine's tests parse every list
 * built here: {@code EngineArgumentsParseTest}). Options take the classic single-dash form.
 */
public final class EngineArguments {
  public static final String FULL = "-full";
  public static final String INCREMENTAL = "-incremental";
  public static final String FROM = "-from";
  public static final String TO = "-to";
  public static final String CLUSTER = "-cluster";
  public static final String DATABASE = "-database";
  public static final String VERIFY = "-verify";
  public static final String FALLBACK_TO_FULL = "-fallback-to-full";
  public static final String REPLACE = "-replace";
  public static final String MIN_TX = "-min-tx";
  public static final String TIMEOUT = "-timeout";
  public static final String TLS = "-tls";
  public static final String TLS_CA = "-tls-ca";
  public static final String TLS_CERT = "-tls-cert";
  public static final String TLS_KEY = "-tls-key";
  public static final String TLS_SERVER_NAME = "-tls-server-name";
  public static final String SECRET_FILE = "-secret-file";
  public static final String JSON = "-json";
  public static final String UNTIL_TIME = "-until-time";
  public static final String UNTIL_TX = "-until-tx";
  public static final String NO_KEEP_PREVIOUS = "-no-keep-previous";
  public static final String DRILL_QUERY = "-drill-query";
  public static final String DRILL_EXPECT = "-drill-expect";
  public static final String ENDPOINT = "-endpoint";
  public static final String REGION = "-region";
  public static final String PATH_STYLE = "-path-style";
  public static final String WORK = "-work";
  public static final String CA_BUNDLE = "-ca-bundle";
  public static final String ENCRYPTION_KEY_FILE = "-encryption-key-file";
  public static final String COMPRESSION = "-compression";

  /** The subcommand that deletes a backup under its lock. */
  public static final String DELETE = "delete";

  /** The subcommand that restores a backup into a stopped Neo4j's data directory. */
  public static final String RESTORE = "restore";

  /** The subcommand that describes a backup: its recovery window, runs and space. */
  public static final String INSPECT = "inspect";

  /**
   * The subcommand that runs a restore drill: boots a copy of a backup's newest state read-only and
   * checks a query's answer.
   */
  public static final String DRILL = "drill";

  private EngineArguments() {}

  /** {@code drill DIR -drill-query QUERY -drill-expect EXPECTED -json}. */
  public static List<String> drill(String directory, String query, String expected) {
    return List.of(DRILL, directory, DRILL_QUERY, query, DRILL_EXPECT, expected, JSON);
  }

  /** {@code delete DIR -json}. */
  public static List<String> delete(String directory) {
    return List.of(DELETE, directory, JSON);
  }

  /**
   * {@code delete s3://bucket/prefix/chain-... OPTIONS -json}: deletes one chain from object
   * storage, its manifest objects first so that no reader takes what remains for a chain.
   */
  public static List<String> delete(String chainUri, ObjectStore objectStore) {
    List<String> arguments = new ArrayList<>(List.of(DELETE, chainUri));
    arguments.addAll(objectStore.arguments());
    arguments.add(JSON);
    return List.copyOf(arguments);
  }

  /** {@code inspect DIR -json}. */
  public static List<String> inspect(String directory) {
    return List.of(INSPECT, directory, JSON);
  }

  /** {@code inspect s3://bucket/prefix OPTIONS -json}. */
  public static List<String> inspect(String location, ObjectStore objectStore) {
    List<String> arguments = new ArrayList<>(List.of(INSPECT, location));
    arguments.addAll(objectStore.arguments());
    arguments.add(JSON);
    return List.copyOf(arguments);
  }

  /**
   * How to reach and write an object store ({@code s3://bucket/prefix} locations). Credentials are
   * never arguments: the engine takes them the AWS SDK's usual way (environment, profiles, web
   * identity).
   */
  public static ObjectStore objectStore() {
    return new ObjectStore();
  }

  /** The object storage options of one command; {@link #arguments()} writes them. */
  public static final class ObjectStore {
    private String endpoint;
    private String region;
    private boolean pathStyle;
    private String work;
    private String caBundle;
    private String encryptionKeyFile;
    private Compression compression;

    private ObjectStore() {}

    /** An S3-compatible endpoint URL; null for AWS S3. */
    public ObjectStore endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region; null for the environment's. */
    public ObjectStore region(String region) {
      this.region = region;
      return this;
    }

    /** Path-style requests ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
    public ObjectStore pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** The directory the local copy is made in; null for the engine's temporary directory. */
    public ObjectStore work(String work) {
      this.work = work;
      return this;
    }

    /** A PEM file of the CAs to trust for an HTTPS endpoint, beside the JVM's; or null. */
    public ObjectStore caBundle(String caBundle) {
      this.caBundle = caBundle;
      return this;
    }

    /** A file holding the 32-byte AES-256-GCM key objects are encrypted with; or null. */
    public ObjectStore encryptionKeyFile(String encryptionKeyFile) {
      this.encryptionKeyFile = encryptionKeyFile;
      return this;
    }

    /** How objects are compressed when written; null for the engine's default (none). */
    public ObjectStore compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public List<String> arguments() {
      List<String> arguments = new ArrayList<>();
      if (endpoint != null) {
        arguments.addAll(List.of(ENDPOINT, endpoint));
      }
      if (region != null) {
        arguments.addAll(List.of(REGION, region));
      }
      if (pathStyle) {
        arguments.add(PATH_STYLE);
      }
      if (work != null) {
        arguments.addAll(List.of(WORK, work));
      }
      if (caBundle != null) {
        arguments.addAll(List.of(CA_BUNDLE, caBundle));
      }
      if (encryptionKeyFile != null) {
        arguments.addAll(List.of(ENCRYPTION_KEY_FILE, encryptionKeyFile));
      }
      if (compression != null) {
        arguments.addAll(List.of(COMPRESSION, compression.argument()));
      }
      return List.copyOf(arguments);
    }
  }

  /** A restore of the backup in {@code from} into the Neo4j data directory {@code to}. */
  public static Restore restore(String from, String to) {
    return new Restore(from, to);
  }

  /** The options of one restore; {@link #arguments()} writes them. */
  public static final class Restore {
    private final String from;
    private final String to;
    private String database;
    private Instant untilTime;
    private Long untilTx;
    private boolean verify;
    private boolean keepPrevious = true;
    private ObjectStore objectStore;
    private boolean json;

    private Restore(String from, String to) {
      this.from = from;
      this.to = to;
    }

    /** Restore as this database (null: the backup's own). */
    public Restore database(String database) {
      this.database = database;
      return this;
    }

    /** The database as it was after the last commit at or before {@code untilTime}; or null. */
    public Restore untilTime(Instant untilTime) {
      this.untilTime = untilTime;
      return this;
    }

    /** The database as it was after transaction {@code untilTx}; or null. */
    public Restore untilTx(Long untilTx) {
      this.untilTx = untilTx;
      return this;
    }

    public Restore verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    /** Keep the replaced folders aside (the default) or delete them. */
    public Restore keepPrevious(boolean keepPrevious) {
      this.keepPrevious = keepPrevious;
      return this;
    }

    /** With {@code from} an {@code s3://} location: how to reach the object store. */
    public Restore objectStore(ObjectStore objectStore) {
      this.objectStore = objectStore;
      return this;
    }

    /** Print the result as one {@link ResultLine}. */
    public Restore json() {
      this.json = true;
      return this;
    }

    public List<String> arguments() {
      if (untilTime != null && untilTx != null) {
        throw new IllegalStateException("a restore point is an instant or a transaction, not both");
      }
      List<String> arguments = new ArrayList<>(List.of(RESTORE, FROM, from, TO, to));
      if (database != null) {
        arguments.addAll(List.of(DATABASE, database));
      }
      if (untilTime != null) {
        arguments.addAll(List.of(UNTIL_TIME, untilTime.toString()));
      }
      if (untilTx != null) {
        arguments.addAll(List.of(UNTIL_TX, Long.toString(untilTx)));
      }
      if (verify) {
        arguments.add(VERIFY);
      }
      if (!keepPrevious) {
        arguments.add(NO_KEEP_PREVIOUS);
      }
      if (objectStore != null) {
        arguments.addAll(objectStore.arguments());
      }
      if (json) {
        arguments.add(JSON);
      }
      return List.copyOf(arguments);
    }
  }

  /** A backup from {@code from} into {@code to}; the mode is chosen by the engine unless set. */
  public static Backup backup(String from, String to) {
    return new Backup(from, to);
  }

  /** The options of one backup; {@link #arguments()} writes them. */
  public static final class Backup {
    private final String from;
    private final String to;
    private BackupMode mode;
    private boolean replace;
    private String cluster;
    private String database;
    private boolean verify;
    private boolean fallbackToFull;
    private Long minTxId;
    private String tlsCa;
    private String tlsServerName;
    private String secretFile;
    private String drillQuery;
    private String drillExpected;
    private ObjectStore objectStore;
    private boolean json;

    private Backup(String from, String to) {
      this.from = from;
      this.to = to;
    }

    /** Full or incremental; null lets the engine choose (full into an empty target). */
    public Backup mode(BackupMode mode) {
      this.mode = mode;
      return this;
    }

    /** With {@link BackupMode#FULL} only: replace a backup of another database or store. */
    public Backup replace(boolean replace) {
      this.replace = replace;
      return this;
    }

    public Backup cluster(String cluster) {
      this.cluster = cluster;
      return this;
    }

    public Backup database(String database) {
      this.database = database;
      return this;
    }

    public Backup verify(boolean verify) {
      this.verify = verify;
      return this;
    }

    public Backup fallbackToFull(boolean fallbackToFull) {
      this.fallbackToFull = fallbackToFull;
      return this;
    }

    /** No member behind this transaction id; null for none. */
    public Backup minTxId(Long minTxId) {
      this.minTxId = minTxId;
      return this;
    }

    /** Over TLS, trusting the CA in {@code caFile}; {@code serverName} may be null. */
    public Backup tls(String caFile, String serverName) {
      this.tlsCa = caFile;
      this.tlsServerName = serverName;
      return this;
    }

    public Backup secretFile(String secretFile) {
      this.secretFile = secretFile;
      return this;
    }

    /**
     * A restore drill before the backup is published: {@code query} must answer {@code expected} on
     * a read-only boot of a copy, or the backup fails as {@link BackupFailure#VERIFICATION}.
     */
    public Backup drill(String query, String expected) {
      this.drillQuery = query;
      this.drillExpected = expected;
      return this;
    }

    /** With {@code to} an {@code s3://} location: how to reach and write the object store. */
    public Backup objectStore(ObjectStore objectStore) {
      this.objectStore = objectStore;
      return this;
    }

    /** Print the result as one {@link ResultLine}. */
    public Backup json() {
      this.json = true;
      return this;
    }

    public List<String> arguments() {
      if (replace && mode != BackupMode.FULL) {
        throw new IllegalStateException("-replace goes with -full only");
      }
      if ((drillQuery == null) != (drillExpected == null)) {
        throw new IllegalStateException("a drill needs both a query and its expected answer");
      }
      List<String> arguments = new ArrayList<>();
      if (mode != null) {
        arguments.add(mode == BackupMode.FULL ? FULL : INCREMENTAL);
      }
      if (replace) {
        arguments.add(REPLACE);
      }
      arguments.addAll(List.of(FROM, from, TO, to));
      if (cluster != null) {
        arguments.addAll(List.of(CLUSTER, cluster));
      }
      if (database != null) {
        arguments.addAll(List.of(DATABASE, database));
      }
      if (verify) {
        arguments.add(VERIFY);
      }
      if (fallbackToFull) {
        arguments.add(FALLBACK_TO_FULL);
      }
      if (minTxId != null) {
        arguments.addAll(List.of(MIN_TX, Long.toString(minTxId)));
      }
      if (tlsCa != null) {
        arguments.addAll(List.of(TLS, TLS_CA, tlsCa));
        if (tlsServerName != null) {
          arguments.addAll(List.of(TLS_SERVER_NAME, tlsServerName));
        }
      }
      if (secretFile != null) {
        arguments.addAll(List.of(SECRET_FILE, secretFile));
      }
      if (drillQuery != null) {
        arguments.addAll(List.of(DRILL_QUERY, drillQuery, DRILL_EXPECT, drillExpected));
      }
      if (objectStore != null) {
        arguments.addAll(objectStore.arguments());
      }
      if (json) {
        arguments.add(JSON);
      }
      return List.copyOf(arguments);
    }
  }
}

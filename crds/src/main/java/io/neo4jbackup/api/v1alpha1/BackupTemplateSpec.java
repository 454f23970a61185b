package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * What a backup copies, from where, and how its Job runs: all of a Neo4jBackup's spec but the mode,
 * which a schedule chooses for each run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupTemplateSpec {

  @JsonPropertyDescription(
      "The Neo4j server(s) to back up, as `single://HOST[:PORT]` or"
          + " `ha://HOST[:PORT],HOST[:PORT],...` (any one cluster member that answers is backed"
          + " up). HOST is a Service name (resolved in the backup's namespace),"
          + " `service.namespace`, a full DNS name, an IPv4 address or an IPv6 address in"
          + " brackets. PORT is the online backup port, 6362 by default.")
  @Required
  @Pattern(Patterns.FROM_URI)
  @Size(min = 1, max = 2048)
  private String from;

  @JsonPropertyDescription(
      "Cluster name the server must report (its `ha.cluster_name`); the backup fails with"
          + " WrongCluster when it differs. Leave it out to accept any cluster.")
  @Size(min = 1, max = 253)
  private String cluster;

  @JsonPropertyDescription(
      "Name of the database to back up, as Neo4j names databases: 3 to 63 ASCII letters, digits,"
          + " dots and dashes, starting with a letter, and no name but `system` itself starts"
          + " with `system`. Names are not case-sensitive: Neo4j and the operator normalise them"
          + " to lower case, so `Sales` and `sales` are one database. Set it when the server's"
          + " default database is not `neo4j` (`initial.dbms.default_database`); `system` backs"
          + " up users and roles.")
  @Default("neo4j")
  @Pattern(Patterns.DATABASE_NAME)
  private String database;

  @JsonPropertyDescription("Where the backup is written.")
  @Required
  private Target target;

  @JsonPropertyDescription(
      "Checks the backup must pass before it is published: Neo4j's consistency checker"
          + " (`consistency: true`) and/or a restore drill (`query` and `expect`). A backup that"
          + " fails a check fails with VerificationFailed and publishes nothing. Before drills"
          + " this field was a boolean: `verify: true` is read as `verify: {consistency: true}`.")
  @Default("{}")
  private VerifySpec verify;

  @JsonPropertyDescription(
      "When an incremental backup is impossible (the server pruned the transaction logs it needs,"
          + " or the target holds an unusable backup), take a full backup instead of failing with"
          + " LogsPruned or OtherStore. A full backup replaces the chain in the target directory.")
  @Default("false")
  private Boolean fallbackToFull;

  @JsonPropertyDescription(
      "Speak TLS to the backup port, with certificates from a Secret. Without it the backup"
          + " travels unencrypted.")
  private TlsSettings tls;

  @JsonPropertyDescription(
      "The shared secret the backup port requires, when it requires one (it can be combined"
          + " with `tls`).")
  private SharedSecretReference sharedSecret;

  @JsonPropertyDescription(
      "Settings of the Job, and of its pod, that runs the backup. All optional: the pod always"
          + " runs the operator's backup engine image as the operator's service account, with the"
          + " operator's restricted security contexts, which these settings may only tighten.")
  @Default("{}")
  private JobSettings job;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public Target getTarget() {
    return target;
  }

  public void setTarget(Target target) {
    this.target = target;
  }

  public VerifySpec getVerify() {
    return verify;
  }

  public void setVerify(VerifySpec verify) {
    this.verify = verify;
  }

  public Boolean getFallbackToFull() {
    return fallbackToFull;
  }

  public void setFallbackToFull(Boolean fallbackToFull) {
    this.fallbackToFull = fallbackToFull;
  }

  public TlsSettings getTls() {
    return tls;
  }

  public void setTls(TlsSettings tls) {
    this.tls = tls;
  }

  public SharedSecretReference getSharedSecret() {
    return sharedSecret;
  }

  public void setSharedSecret(SharedSecretReference sharedSecret) {
    this.sharedSecret = sharedSecret;
  }

  public JobSettings getJob() {
    return job;
  }

  public void setJob(JobSettings job) {
    this.job = job;
  }
}

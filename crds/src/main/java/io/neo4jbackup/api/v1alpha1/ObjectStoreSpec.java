package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A location in an S3-compatible object store ({@code s3://bucket/prefix}) and how to reach it: the
 * endpoint, credentials, trusted CAs, client-side encryption, compression and local work space.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec {

  @JsonPropertyDescription(
      "The bucket, which must exist (a missing bucket fails the run with ObjectStoreUnreachable"
          + " or ObjectStoreDenied): 3 to 63 lower-case letters, digits, dots and dashes.")
  @Required
  @Pattern(Patterns.BUCKET_NAME)
  @Size(min = 3, max = 63)
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix in the bucket, for example `neo4j/prod`, without leading or trailing slash and"
          + " without `.` or `..` segments; absent: the bucket's root. A backup writes chains"
          + " below it, each under `<prefix>/chain-<UTC time>/`: a full backup starts a new"
          + " chain, an incremental (and Auto, when a complete chain exists) continues the newest"
          + " one. A prefix may also name one chain (`neo4j/prod/chain-20260112T013000.000Z`)"
          + " for an incremental that continues exactly that chain. Backups into the same or"
          + " nested prefixes of one bucket take turns. A restore reads the newest complete chain"
          + " below it, or the one spec.source.chain names.")
  @Pattern(Patterns.OBJECT_PREFIX)
  @Size(min = 1, max = 512)
  private String prefix;

  @JsonPropertyDescription(
      "URL of an S3-compatible endpoint, for example `http://s3proxy.storage:8080` or"
          + " `https://minio.storage.svc:9000`; absent: AWS S3 (its endpoint for the region). An"
          + " endpoint that cannot be reached fails the run with ObjectStoreUnreachable.")
  @Pattern(Patterns.ENDPOINT_URL)
  @Size(min = 8, max = 2048)
  private String endpoint;

  @JsonPropertyDescription(
      "The region, for example `us-east-1`; absent: the pod environment's (AWS_REGION), which"
          + " AWS S3 needs one way or the other. Most S3-compatible servers accept any.")
  @Pattern(Patterns.REGION)
  @Size(min = 1, max = 64)
  private String region;

  @JsonPropertyDescription(
      "Path-style requests (`endpoint/bucket/key`) instead of virtual-hosted ones"
          + " (`bucket.endpoint/key`): most S3-compatible servers (MinIO, S3Proxy, Ceph) need"
          + " true.")
  @Default("false")
  private Boolean pathStyle;

  @JsonPropertyDescription(
      "Static credentials from a Secret; absent: the pod's own identity, through the AWS SDK's"
          + " default chain, for example web identity, which EKS IRSA or a workload identity"
          + " webhook sets up for the pod's service account: the operator's engine service"
          + " account (ENGINE_SERVICE_ACCOUNT) in the resource's namespace, which a resource"
          + " cannot choose; bind the cloud role to that account.")
  private ObjectStoreCredentials credentials;

  @JsonPropertyDescription(
      "PEM certificate authorities to trust for an https endpoint signed by a private CA.")
  private CaBundleReference caBundle;

  @JsonPropertyDescription(
      "Client-side AES-256-GCM encryption of every object written, with a key from a Secret;"
          + " reading a chain needs the same key. Absent: objects are written as they are (the"
          + " bucket's own server-side encryption still applies).")
  private EncryptionKeyReference encryption;

  @JsonPropertyDescription(
      "How objects are compressed when written: None, Zstd or Lz4. Reading detects how each"
          + " object was written, so a restore ignores it and a chain may mix them.")
  @Default("None")
  private Compression compression;

  @JsonPropertyDescription(
      "Where the engine makes its local copy: a backup is received and checked there before it"
          + " is uploaded, a restore downloads there. Absent: an emptyDir without a size limit.")
  private WorkVolume workVolume;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(Boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public ObjectStoreCredentials getCredentials() {
    return credentials;
  }

  public void setCredentials(ObjectStoreCredentials credentials) {
    this.credentials = credentials;
  }

  public CaBundleReference getCaBundle() {
    return caBundle;
  }

  public void setCaBundle(CaBundleReference caBundle) {
    this.caBundle = caBundle;
  }

  public EncryptionKeyReference getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionKeyReference encryption) {
    this.encryption = encryption;
  }

  public Compression getCompression() {
    return compression;
  }

  public void setCompression(Compression compression) {
    this.compression = compression;
  }

  public WorkVolume getWorkVolume() {
    return workVolume;
  }

  public void setWorkVolume(WorkVolume workVolume) {
    this.workVolume = workVolume;
  }
}

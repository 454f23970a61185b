package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The backup a restore reads: a Neo4jBackup's target, or a claim and a directory in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.backup) ? 1 : 0) + (has(self.claimName) || has(self.path) ? 1 : 0)"
            + " + (has(self.objectStore) ? 1 : 0) == 1"
            + " && (has(self.claimName) == has(self.path))",
    message = "give either backup, or claimName and path, or objectStore")
@ValidationRule(
    value = "!has(self.chain) || has(self.objectStore)",
    message = "chain goes with objectStore")
@ValidationRule(
    value = "!has(self.until) || !has(self.untilTransaction)",
    message = "give until or untilTransaction, not both")
public class RestoreSource {

  @JsonPropertyDescription(
      "Name of a Neo4jBackup in this namespace that succeeded: its claim and directory (the"
          + " chain it wrote into), or the object store chain of its status.objectStoreUri, are"
          + " restored. Either this, or claimName and path, or objectStore.")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String backup;

  @JsonPropertyDescription(
      "Name of the PersistentVolumeClaim, in this namespace, holding the backup (with path,"
          + " instead of backup). It is mounted read-only.")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String claimName;

  @JsonPropertyDescription(
      "Directory of the backup inside claimName, relative to its root, for example"
          + " `neo4j/prod` or a schedule's chain `neo4j/nightly/chain-20260112T013000Z`"
          + " (status.chains[].path).")
  @Pattern(Patterns.VOLUME_PATH)
  @Size(min = 1, max = 512)
  private String path;

  @JsonPropertyDescription(
      "A backup in an S3-compatible object store (instead of backup, or claimName and path):"
          + " the newest complete chain below prefix, or the one chain names. Reached as a"
          + " backup's objectStore target is (credentials, caBundle, encryption, workVolume: the"
          + " restore downloads there first, so give it the store's size); compression is"
          + " ignored, as objects say how they were written.")
  private ObjectStoreSpec objectStore;

  @JsonPropertyDescription(
      "With objectStore: the chain to restore, by name below the prefix, for example"
          + " `chain-20260112T013000.000Z` (the last segment of a backup's"
          + " status.objectStoreUri or a schedule's status.chains[].uri); absent: the newest"
          + " complete chain.")
  @Pattern(Patterns.CHAIN_NAME)
  @Size(min = 1, max = 64)
  private String chain;

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public String getChain() {
    return chain;
  }

  public void setChain(String chain) {
    this.chain = chain;
  }

  @JsonPropertyDescription(
      "Restore the database as it was after the last transaction committed at or before this"
          + " instant (RFC 3339 with an offset, e.g. `2026-12-05T14:04:59Z`; commit times are the"
          + " source server's clock). It must lie in the chain's recovery window"
          + " (firstRecoverableTime to lastRecoverableTime), else the restore fails with"
          + " InvalidSpec before anything is written. Without until or untilTransaction, the"
          + " chain's newest state.")
  private String until;

  @JsonPropertyDescription(
      "Restore the database as it was after this transaction; it must lie in the chain's"
          + " recovery window (firstRecoverableTxId to lastRecoverableTxId). Not with until.")
  @Min(1)
  private Long untilTransaction;

  public String getBackup() {
    return backup;
  }

  public void setBackup(String backup) {
    this.backup = backup;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getUntil() {
    return until;
  }

  public void setUntil(String until) {
    this.until = until;
  }

  public Long getUntilTransaction() {
    return untilTransaction;
  }

  public void setUntilTransaction(Long untilTransaction) {
    this.untilTransaction = untilTransaction;
  }
}

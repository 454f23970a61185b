package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a backup is written: a directory inside a PersistentVolumeClaim, or a prefix in an
 * S3-compatible object store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.objectStore) ? !has(self.claimName) && !has(self.path)"
            + " : has(self.claimName) && has(self.path)",
    message = "give either claimName and path, or objectStore")
public class Target {

  @JsonPropertyDescription(
      "Name of the PersistentVolumeClaim, in the backup's namespace, that receives the backup"
          + " (with path; or objectStore instead of both). It"
          + " must exist (otherwise the backup fails with TargetNotFound) and be mountable by the"
          + " backup pod: a ReadWriteOnce claim in use on another node blocks the backup.")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String claimName;

  @JsonPropertyDescription(
      "Directory inside the claim, relative to its root (a leading slash is allowed; `.` and `..`"
          + " are not), for example `neo4j/prod`. A Neo4jBackup writes its backup chain into this"
          + " directory: Incremental and Auto continue the chain already there. A schedule keeps"
          + " one subdirectory per chain below it. Backups into the same directory of a claim"
          + " take turns; a directory that contains another backup's directory, or lies inside"
          + " it, is refused (InvalidSpec). Siblings such as `neo4j/prod` and `neo4j/test` are"
          + " independent. With claimName; not with objectStore.")
  @Pattern(Patterns.VOLUME_PATH)
  @Size(min = 1, max = 512)
  private String path;

  @JsonPropertyDescription(
      "An S3-compatible object store instead of a claim (not with claimName and path): the"
          + " backup is made in a local work volume, checked, then uploaded as a chain below"
          + " `s3://bucket/prefix/`; status.objectStoreUri names the chain. A Neo4jBackup or"
          + " schedule with both forms, or neither, fails with InvalidSpec.")
  private ObjectStoreSpec objectStore;

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
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
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Where the engine makes its local copy of a backup it uploads to, or downloads from, an object
 * store: an emptyDir, or a PersistentVolumeClaim.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.sizeLimit) || !has(self.claimName)",
    message = "give sizeLimit (an emptyDir) or claimName, not both")
public class WorkVolume {

  @JsonPropertyDescription(
      "Size limit of the emptyDir the engine works in (default: none set, the node's free disk)."
          + " Size it as the store plus its transaction logs, about what a backup on a volume"
          + " takes: a pod that writes past it is evicted and the run fails. Not with claimName.")
  private Quantity sizeLimit;

  @JsonPropertyDescription(
      "A PersistentVolumeClaim, in the resource's namespace, to work in instead of an emptyDir:"
          + " it outlives a killed pod, so a rerun resumes the upload where it stopped. Give it"
          + " the size of the store plus its transaction logs. Like a target claim, it must exist"
          + " and be mountable by the pod; runs sharing it take turns only if they share a"
          + " target, so give each target its own.")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String claimName;

  public Quantity getSizeLimit() {
    return sizeLimit;
  }

  public void setSizeLimit(Quantity sizeLimit) {
    this.sizeLimit = sizeLimit;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}

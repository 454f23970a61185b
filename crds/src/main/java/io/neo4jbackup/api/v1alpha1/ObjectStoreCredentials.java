package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Secret holding static credentials for an object store, handed to the engine as env. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreCredentials {

  @JsonPropertyDescription(
      "Name of a Secret, in the resource's namespace, with the keys AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, and optionally AWS_SESSION_TOKEN. They reach the engine as"
          + " environment variables of the same names (secretKeyRef), never as arguments. A"
          + " missing Secret or key keeps the pod from starting (CreateContainerConfigError), and"
          + " the backup fails as stuck; wrong credentials fail it with ObjectStoreDenied.")
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String secretName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }
}

package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The Secret key holding the AES-256-GCM key objects are encrypted with, client-side. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionKeyReference {

  @JsonPropertyDescription(
      "Name of the Secret, in the resource's namespace, holding the key. Keep a copy elsewhere:"
          + " without it no backup written with it can be restored.")
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String secretName;

  @JsonPropertyDescription(
      "Key in the Secret's data: 32 raw bytes, or their base64. It is mounted read-only as a"
          + " file. A missing key keeps the pod from starting; a key of another length, or not"
          + " the one a chain was written with, fails the run (ObjectStoreIntegrity).")
  @Default("key")
  @Pattern(Patterns.SECRET_KEY)
  @Size(min = 1, max = 253)
  private String key;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}

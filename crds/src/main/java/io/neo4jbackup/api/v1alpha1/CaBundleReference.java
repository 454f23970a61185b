package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** PEM certificate authorities in a Secret or a ConfigMap, for a private HTTPS endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.secretName) != has(self.configMapName)",
    message = "give either secretName or configMapName")
public class CaBundleReference {

  @JsonPropertyDescription(
      "Name of a Secret, in the resource's namespace, holding the CA bundle (or configMapName).")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String secretName;

  @JsonPropertyDescription(
      "Name of a ConfigMap, in the resource's namespace, holding the CA bundle (or secretName).")
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String configMapName;

  @JsonPropertyDescription(
      "Key holding the PEM certificates, trusted beside the JVM's own CAs. It is mounted"
          + " read-only as a file; a missing key keeps the pod from starting, and an endpoint"
          + " whose certificate it does not sign fails the run with ObjectStoreUnreachable.")
  @Default("ca.crt")
  @Pattern(Patterns.SECRET_KEY)
  @Size(min = 1, max = 253)
  private String key;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getConfigMapName() {
    return configMapName;
  }

  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}

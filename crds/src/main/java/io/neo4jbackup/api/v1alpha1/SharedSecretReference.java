package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The key in a Secret that holds the backup port's shared secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SharedSecretReference {

  @JsonPropertyDescription("Name of the Secret, in the backup's namespace.")
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String secretName;

  @JsonPropertyDescription("Key in the Secret's data that holds the shared secret.")
  @Default("secret")
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

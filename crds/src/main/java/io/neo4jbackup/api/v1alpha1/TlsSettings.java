package io.neo4jbackup.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** How the backup client speaks TLS to the backup port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSettings {

  @JsonPropertyDescription(
      "Name of a Secret in the backup's namespace (the layout cert-manager writes) with `ca.crt`,"
          + " the certificate authority that signed the servers' certificates, and, when the"
          + " servers ask for client certificates, `tls.crt` and `tls.key`.")
  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @Size(min = 1, max = 253)
  private String secretName;

  @JsonPropertyDescription(
      "Host name to expect in the servers' certificates, when it differs from the host names in"
          + " `from` (for example when `from` uses IP addresses). Certificates are always"
          + " verified.")
  @Size(min = 1, max = 253)
  private String serverName;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getServerName() {
    return serverName;
  }

  public void setServerName(String serverName) {
    this.serverName = serverName;
  }
}

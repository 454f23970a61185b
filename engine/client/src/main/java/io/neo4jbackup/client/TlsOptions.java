package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS towards the backup service: the CA that signed the servers' certificates, optionally a client
 * certificate and its key for mutual TLS, and the host name expected in the server's certificate
 * (the URI's host when null). Files are PEM; the key is PKCS#8.
 *
 * <pre>{@code
 * OnlineBackup.from("single://neo4j.example").tls(
 *     TlsOptions.trusting(Path.of("ca.pem")).clientCertificate(Path.of("client.pem"), Path.of("client.key")));
 * }</pre>
 */
public record TlsOptions(Path trustedCa, Path certificate, Path privateKey, String serverName) {
  public TlsOptions {
    Objects.requireNonNull(trustedCa, "trustedCa");
    if ((certificate == null) != (privateKey == null)) {
      throw new BackupException(
          BackupFailure.USAGE,
          "a client certificate needs its private key and the other way round (-tls-cert with"
              + " -tls-key)");
    }
  }

  /** Trust servers whose certificate {@code ca} signed. */
  public static TlsOptions trusting(Path ca) {
    return new TlsOptions(ca, null, null, null);
  }

  /** Present {@code certificate} (PEM) with {@code privateKey} (PKCS#8 PEM): mutual TLS. */
  public TlsOptions clientCertificate(Path certificate, Path privateKey) {
    return new TlsOptions(trustedCa, certificate, privateKey, serverName);
  }

  /** Expect {@code name} in the server's certificate instead of the host of the URI. */
  public TlsOptions serverName(String name) {
    return new TlsOptions(trustedCa, certificate, privateKey, name);
  }
}

package io.neo4jbackup.client;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.channel.Channel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * How a client secures its connections: TLS (with the CA it trusts, its own certificate for mutual
 * TLS, the expected host name) and the shared secret it proves. Files are read once, when the
 * backup is configured, so a bad file is reported before anything connects.
 */
final class ConnectionSecurity {
  static final ConnectionSecurity NONE = new ConnectionSecurity(null, null, null);

  private final TlsOptions tls;
  private final SslContext sslContext;
  private final SharedSecret secret;

  private ConnectionSecurity(TlsOptions tls, SslContext sslContext, SharedSecret secret) {
    this.tls = tls;
    this.sslContext = sslContext;
    this.secret = secret;
  }

  ConnectionSecurity withTls(TlsOptions options) {
    if (options == null) {
      return new ConnectionSecurity(null, null, secret);
    }
    return new ConnectionSecurity(options, sslContext(options), secret);
  }

  ConnectionSecurity withSharedSecret(java.nio.file.Path file) {
    if (file == null) {
      return new ConnectionSecurity(tls, sslContext, null);
    }
    try {
      return new ConnectionSecurity(tls, sslContext, SharedSecret.read(file));
    } catch (IllegalArgumentException e) {
      throw new BackupException(BackupFailure.USAGE, e.getMessage(), e);
    }
  }

  SharedSecret secret() {
    return secret;
  }

  boolean tls() {
    return sslContext != null;
  }

  /**
   * The TLS handler for a connection to {@code server}, first in its pipeline; null without TLS.
   */
  SslHandler newSslHandler(Channel channel, BackupUri.Member server, long handshakeMillis) {
    if (sslContext == null) {
      return null;
    }
    String name = tls.serverName() != null ? tls.serverName() : server.host();
    SslHandler handler = sslContext.newHandler(channel.alloc(), name, server.port());
    handler.setHandshakeTimeoutMillis(handshakeMillis);
    return handler;
  }

  /**
   * OpenSSL (the bundled BoringSSL) where its native library loads, else the JDK's TLS: the same
   * protocols and suites either way, and certificates are checked by the JDK in both. BoringSSL
   * encrypts and decrypts several times faster than the JDK's engine.
   */
  static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  private static SslContext sslContext(TlsOptions options) {
    try {
      SslContextBuilder builder =
          SslContextBuilder.forClient()
              .sslProvider(provider())
              .protocols("TLSv1.3", "TLSv1.2")
              .ciphers(Protocol.TLS_CIPHER_SUITES)
              .endpointIdentificationAlgorithm("HTTPS")
              .trustManager(options.trustedCa().toFile());
      if (options.certificate() != null) {
        builder.keyManager(options.certificate().toFile(), options.privateKey().toFile());
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new BackupException(
          BackupFailure.USAGE,
          "cannot set up TLS from the CA "
              + options.trustedCa()
              + (options.certificate() == null
                  ? ""
                  : ", the client certificate "
                      + options.certificate()
                      + " and the key "
                      + options.privateKey())
              + ": "
              + rootMessage(e)
              + " (PEM certificates and an unencrypted PKCS#8 PEM key are expected)",
          e);
    }
  }

  /**
   * The failure a TLS problem with {@code server} stands for, naming the likely cause; null when
   * {@code cause} is not a TLS problem.
   */
  BackupException tlsFailure(BackupUri.Member server, Throwable cause) {
    if (find(cause, NotSslRecordException.class) != null) {
      return new BackupException(
          BackupFailure.AUTHENTICATION,
          server
              + " answered in plain text, not TLS: TLS is not enabled on its backup port"
              + " (server.online_backup.tls.enabled); connect without -tls, or enable TLS on the"
              + " server",
          cause);
    }
    SSLException ssl = find(cause, SSLException.class);
    if (ssl == null) {
      return null;
    }
    String what = rootMessage(ssl);
    String name = tls != null && tls.serverName() != null ? tls.serverName() : server.host();
    String message;
    if (find(cause, CertPathBuilderException.class) != null
        || find(cause, CertPathValidatorException.class) != null) {
      message =
          "the TLS certificate of "
              + server
              + " is not signed by the CA in "
              + tls.trustedCa()
              + " ("
              + what
              + "); refused: give -tls-ca the CA that signed the server's certificate";
    } else if (what.contains("No subject alternative") || what.contains("No name matching")) {
      message =
          "the TLS certificate of "
              + server
              + " is not issued for the host name '"
              + name
              + "' ("
              + what
              + "); refused: name the host the certificate is for with -tls-server-name, or give"
              + " the server a certificate for this name";
    } else if (refusedByServer(what)) {
      message =
          server
              + " refused "
              + (tls.certificate() == null
                  ? "the connection: it requires a client certificate (mutual TLS); give one"
                      + " signed by its client CA with -tls-cert and -tls-key"
                  : "the client certificate "
                      + tls.certificate()
                      + ": it is not signed by the CA the server trusts for clients"
                      + " (server.online_backup.tls.client_ca)")
              + " ("
              + what
              + ")";
    } else if (find(cause, CertificateException.class) != null) {
      message = "the TLS certificate of " + server + " was refused: " + what;
    } else {
      message = "TLS with " + server + " failed: " + what;
    }
    return new BackupException(BackupFailure.AUTHENTICATION, message, cause);
  }

  /** Alerts a server sends when it refuses the client's certificate (JDK and BoringSSL names). */
  private static boolean refusedByServer(String message) {
    String alert = message.toLowerCase(java.util.Locale.ROOT);
    return alert.contains("certificate_required")
        || alert.contains("bad_certificate")
        || alert.contains("unknown_ca")
        || alert.contains("certificate_unknown")
        || alert.contains("access_denied");
  }

  private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.toString() : message;
  }
}

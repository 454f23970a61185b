package io.neo4jbackup.service;

import io.neo4jbackup.protocol.Protocol;
import io.neo4jbackup.protocol.SharedSecret;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.SslSystemSettings;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.logging.InternalLog;

/**
 * How the backup service authenticates its clients: TLS from PEM files (with client certificates
 * checked against a CA for mutual TLS) and a shared secret proven by challenge-response. Read once
 * at start; a setting that cannot be used stops the service with a message naming it.
 */
final class ServerSecurity {
  private final SslContext sslContext;
  private final boolean mutualTls;
  private final SharedSecret secret;

  private ServerSecurity(SslContext sslContext, boolean mutualTls, SharedSecret secret) {
    this.sslContext = sslContext;
    this.mutualTls = mutualTls;
    this.secret = secret;
  }

  static ServerSecurity from(Config config) {
    SslContext sslContext = null;
    Path clientCa = path(config, BackupSettings.tls_client_ca);
    if (config.get(BackupSettings.tls_enabled)) {
      sslContext =
          sslContext(
              provider(config),
              required(
                  BackupSettings.tls_certificate, path(config, BackupSettings.tls_certificate)),
              required(
                  BackupSettings.tls_private_key, path(config, BackupSettings.tls_private_key)),
              clientCa);
    } else if (clientCa != null) {
      throw new IllegalStateException(
          BackupSettings.tls_client_ca.name()
              + " is set but server.online_backup.tls.enabled=false: client certificates need TLS;"
              + " enable it or remove the setting");
    }
    Path secretFile = path(config, BackupSettings.shared_secret_file);
    SharedSecret secret = null;
    if (secretFile != null) {
      try {
        secret = SharedSecret.read(secretFile);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            BackupSettings.shared_secret_file.name() + ": " + e.getMessage(), e);
      }
    }
    return new ServerSecurity(sslContext, sslContext != null && clientCa != null, secret);
  }

  /** The file a path setting names (Neo4j accepts only absolute paths for these). */
  private static Path path(Config config, Setting<Path> setting) {
    return config.get(setting);
  }

  private static Path required(Setting<Path> setting, Path value) {
    if (value == null) {
      throw new IllegalStateException(
          "server.online_backup.tls.enabled=true needs " + setting.name() + " (a PEM file)");
    }
    return value;
  }

  /**
   * The TLS implementation Neo4j's own {@code dbms.netty.ssl.provider} names: the JDK's (default),
   * or OpenSSL, whose native library Neo4j does not ship (netty-tcnative-boringssl-static goes into
   * plugins/, as for Neo4j's other TLS ports); several times faster than the JDK's.
   */
  private static SslProvider provider(Config config) {
    SslProvider provider = config.get(SslSystemSettings.netty_ssl_provider);
    if (provider != SslProvider.JDK && !OpenSsl.isAvailable()) {
      throw new IllegalStateException(
          SslSystemSettings.netty_ssl_provider.name()
              + "="
              + provider
              + " but OpenSSL cannot be loaded ("
              + OpenSsl.unavailabilityCause()
              + "): put netty-tcnative-boringssl-static for this platform, in the version of the"
              + " netty-tcnative-classes jar in Neo4j's lib/, into plugins/, or set it to JDK");
    }
    return provider;
  }

  private static SslContext sslContext(
      SslProvider provider, Path certificate, Path key, Path clientCa) {
    try {
      SslContextBuilder builder =
          SslContextBuilder.forServer(certificate.toFile(), key.toFile())
              .sslProvider(provider)
              .protocols("TLSv1.3", "TLSv1.2")
              .ciphers(Protocol.TLS_CIPHER_SUITES);
      if (clientCa != null) {
        builder.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException(
          "The online backup service cannot set up TLS from the certificate "
              + certificate
              + ", the key "
              + key
              + (clientCa == null ? "" : " and the client CA " + clientCa)
              + ": "
              + e.getMessage()
              + " (PEM certificates and an unencrypted PKCS#8 PEM key are expected)",
          e);
    }
  }

  /** The TLS context, or null when the port speaks plain text. */
  SslContext sslContext() {
    return sslContext;
  }

  /** The shared secret clients must prove, or null. */
  SharedSecret secret() {
    return secret;
  }

  /** True when every client must authenticate: by its certificate, or by the shared secret. */
  boolean authenticatesClients() {
    return mutualTls || secret != null;
  }

  String describe() {
    String tls =
        sslContext == null
            ? "no TLS"
            : (mutualTls ? "mutual TLS" : "TLS")
                + (sslContext instanceof JdkSslContext ? " (JDK)" : " (OpenSSL)");
    return tls + (secret == null ? "" : ", shared secret");
  }

  /** True when TLS checks every client's certificate against the client CA. */
  boolean mutualTls() {
    return mutualTls;
  }

  /**
   * Beyond loopback the port must authenticate every client and protect what it sends: mutual TLS,
   * or TLS with a shared secret. A shared secret without TLS is refused there, always: it proves
   * the handshake only, and the store would then cross the network in the clear, open to change in
   * flight. A port that authenticates nobody is refused when {@code require} is set (the default),
   * else started with a warning at each start.
   */
  void checkExposure(InetSocketAddress address, boolean require, InternalLog log) {
    boolean beyondLoopback =
        address.getAddress() == null
            || address.getAddress().isAnyLocalAddress()
            || !address.getAddress().isLoopbackAddress();
    if (!beyondLoopback) {
      return;
    }
    String where =
        "the online backup service listens on "
            + address.getHostString()
            + ":"
            + address.getPort()
            + ", beyond loopback";
    if (secret != null && sslContext == null) {
      throw new IllegalStateException(
          "The online backup service refuses to start: "
              + where
              + ", with a shared secret (server.online_backup.shared_secret_file) but without TLS:"
              + " the secret would prove the handshake only, and the store would cross the"
              + " network in the clear, open to change in flight. Enable TLS"
              + " (server.online_backup.tls.enabled), or listen on 127.0.0.1 only.");
    }
    if (authenticatesClients()) {
      return;
    }
    String problem =
        where
            + ", with neither mutual TLS (server.online_backup.tls.client_ca) nor a shared secret"
            + " (server.online_backup.shared_secret_file): anyone who can reach this port can copy"
            + " every database it serves";
    if (require) {
      throw new IllegalStateException(
          "The online backup service refuses to start: "
              + problem
              + ". Configure one of them, listen on 127.0.0.1 only (the default), or set"
              + " server.online_backup.require_authentication=false to accept this on purpose.");
    }
    log.warn(
        "SECURITY WARNING: %s (server.online_backup.require_authentication=false). Configure"
            + " mutual TLS or TLS with a shared secret.",
        problem);
  }
}

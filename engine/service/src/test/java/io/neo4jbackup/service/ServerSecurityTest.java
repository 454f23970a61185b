package io.neo4jbackup.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SslSystemSettings;
import org.neo4j.logging.InternalLog;
import org.neo4j.logging.NullLog;

/** The security settings as the service reads them at start; a bad one stops it, named. */
class ServerSecurityTest {
  @TempDir Path home;

  Config.Builder config() {
    return Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home);
  }

  @Test
  void withoutSettingsThereIsNoTlsNorSecret() {
    ServerSecurity security = ServerSecurity.from(config().build());
    assertThat(security.sslContext()).isNull();
    assertThat(security.secret()).isNull();
    assertThat(security.authenticatesClients()).isFalse();
    assertThat(security.describe()).isEqualTo("no TLS");
  }

  @Test
  void tlsWithoutACertificateIsRefusedNamingTheSetting() {
    assertThatThrownBy(
            () -> ServerSecurity.from(config().set(BackupSettings.tls_enabled, true).build()))
        .hasMessage(
            "server.online_backup.tls.enabled=true needs server.online_backup.tls.certificate (a"
                + " PEM file)");
  }

  @Test
  void anUnreadableCertificateIsRefusedNamingTheFiles() {
    assertThatThrownBy(
            () ->
                ServerSecurity.from(
                    config()
                        .set(BackupSettings.tls_enabled, true)
                        .set(BackupSettings.tls_certificate, home.resolve("backup.pem"))
                        .set(BackupSettings.tls_private_key, home.resolve("backup.key"))
                        .build()))
        .hasMessageContaining(
            "cannot set up TLS from the certificate " + home.resolve("backup.pem"))
        .hasMessageContaining("the key " + home.resolve("backup.key"));
  }

  @Test
  void openSslWithoutItsNativeLibraryInPluginsIsRefusedNamingTheSettingAndTheJar() {
    // This module's tests have Neo4j's jars but not BoringSSL, as a server without it in plugins/.
    assertThatThrownBy(
            () ->
                ServerSecurity.from(
                    config()
                        .set(SslSystemSettings.netty_ssl_provider, SslProvider.OPENSSL)
                        .set(BackupSettings.tls_enabled, true)
                        .set(BackupSettings.tls_certificate, home.resolve("backup.pem"))
                        .set(BackupSettings.tls_private_key, home.resolve("backup.key"))
                        .build()))
        .hasMessageStartingWith("dbms.netty.ssl.provider=OPENSSL but OpenSSL cannot be loaded")
        .hasMessageContaining("netty-tcnative-boringssl-static");
  }

  @Test
  void aClientCaWithoutTlsIsRefused() {
    assertThatThrownBy(
            () ->
                ServerSecurity.from(
                    config().set(BackupSettings.tls_client_ca, Path.of("/etc/ca.pem")).build()))
        .hasMessageContaining("server.online_backup.tls.client_ca is set but")
        .hasMessageContaining("tls.enabled=false");
  }

  @Test
  void aRelativePathIsRefusedByNeo4jsOwnValidation() {
    assertThatThrownBy(
            () ->
                config()
                    .setRaw(
                        java.util.Map.of("server.online_backup.shared_secret_file", "conf/secret"))
                    .build())
        .hasMessageContaining("'conf/secret' is not an absolute path");
  }

  @Test
  void aSecretFileIsRead() throws Exception {
    Path file =
        Files.writeString(home.resolve("backup-secret"), "0123456789abcdef0123456789abcdef\n");
    ServerSecurity security =
        ServerSecurity.from(config().set(BackupSettings.shared_secret_file, file).build());
    assertThat(security.secret()).isNotNull();
    assertThat(security.authenticatesClients()).isTrue();
    assertThat(security.describe()).isEqualTo("no TLS, shared secret");
  }

  @Test
  void aShortSecretIsRefusedNamingTheSetting() throws Exception {
    Path secret = Files.writeString(home.resolve("secret"), "hunter2");
    assertThatThrownBy(
            () ->
                ServerSecurity.from(
                    config().set(BackupSettings.shared_secret_file, secret).build()))
        .hasMessageStartingWith("server.online_backup.shared_secret_file: the shared secret in")
        .hasMessageContaining("at least 16");
  }

  static final InetSocketAddress WILDCARD = new InetSocketAddress(6362);
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 6362);

  Path secret() throws Exception {
    return Files.writeString(home.resolve("secret"), "0123456789abcdef0123456789abcdef");
  }

  @Test
  void theServiceListensOnLoopbackOnlyUnlessToldOtherwise() {
    InetSocketAddress address =
        BackupServer.listenAddress(config().build().get(BackupSettings.online_backup_server));
    assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    assertThat(address.getPort()).isEqualTo(6362);
    assertThat(config().build().get(BackupSettings.require_authentication)).isTrue();
  }

  @Test
  void aPortWithoutAHostChangesThePortOnlyAndStaysOnLoopback() {
    InetSocketAddress address = listening(":9999");
    assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    assertThat(address.getPort()).isEqualTo(9999);
  }

  @Test
  void everyInterfaceIsOpenedOnlyByNamingIt() {
    InetSocketAddress address = listening("0.0.0.0:9999");
    assertThat(address.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(address.getPort()).isEqualTo(9999);
  }

  InetSocketAddress listening(String setting) {
    return BackupServer.listenAddress(
        config()
            .setRaw(java.util.Map.of("server.online_backup.listen_address", setting))
            .build()
            .get(BackupSettings.online_backup_server));
  }

  @Test
  void beyondLoopbackAPortThatAuthenticatesNobodyIsRefusedByDefault() {
    ServerSecurity none = ServerSecurity.from(config().build());
    assertThatCode(() -> none.checkExposure(LOOPBACK, true, NullLog.getInstance()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> none.checkExposure(WILDCARD, true, NullLog.getInstance()))
        .hasMessageStartingWith(
            "The online backup service refuses to start: the online backup service listens on"
                + " 0.0.0.0:6362, beyond loopback")
        .hasMessageContaining("server.online_backup.require_authentication=false");
  }

  @Test
  void turningTheRequirementOffOnPurposeStartsWithAWarning() {
    ServerSecurity none = ServerSecurity.from(config().build());
    List<String> warnings = new ArrayList<>();
    none.checkExposure(WILDCARD, false, recording(warnings));
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("SECURITY WARNING: the online backup service listens on 0.0.0.0:6362")
        .contains("server.online_backup.require_authentication=false");
  }

  @Test
  void aSharedSecretWithoutTlsIsRefusedBeyondLoopbackEvenWhenAuthenticationIsNotRequired()
      throws Exception {
    ServerSecurity secretOnly =
        ServerSecurity.from(config().set(BackupSettings.shared_secret_file, secret()).build());
    assertThatCode(() -> secretOnly.checkExposure(LOOPBACK, true, NullLog.getInstance()))
        .doesNotThrowAnyException();
    for (boolean require : List.of(true, false)) {
      assertThatThrownBy(() -> secretOnly.checkExposure(WILDCARD, require, NullLog.getInstance()))
          .hasMessageContaining("with a shared secret (server.online_backup.shared_secret_file)")
          .hasMessageContaining("but without TLS")
          .hasMessageContaining("in the clear");
    }
  }

  /** A log that keeps the warnings it is given, formatted. */
  static InternalLog recording(List<String> warnings) {
    return (InternalLog)
        java.lang.reflect.Proxy.newProxyInstance(
            InternalLog.class.getClassLoader(),
            new Class<?>[] {InternalLog.class},
            (proxy, method, args) -> {
              if (method.getName().equals("warn")
                  && args.length == 2
                  && args[1] instanceof Object[] values) {
                warnings.add(String.format((String) args[0], values));
              } else if (method.getName().equals("warn") && args.length == 1) {
                warnings.add(String.valueOf(args[0]));
              }
              return method.getReturnType() == boolean.class ? false : null;
            });
  }
}

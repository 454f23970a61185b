package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which TLS implementation the engine uses. */
class ConnectionSecurityTest {

  @Test
  void theEngineUsesTheBoringSslItBundles() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    assumeTrue(
        os.contains("linux") && Set.of("amd64", "x86_64", "aarch64").contains(arch),
        "checked where the engine's image runs: Linux on x86-64 or ARM64");

    assertThat(ConnectionSecurity.provider()).isEqualTo(SslProvider.OPENSSL);
  }
}

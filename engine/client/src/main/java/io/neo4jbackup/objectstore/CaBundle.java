package io.neo4jbackup.objectstore;

import io.neo4jbackup.client.BackupException;
import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust of an HTTPS object store endpoint given {@code -ca-bundle FILE}: the CA certificates in
 * that PEM file, trusted beside the JVM's own (a private CA for MinIO or Ceph, and AWS still
 * trusted). A file that cannot be read or holds no certificate is a usage failure naming it.
 */
final class CaBundle {
  private CaBundle() {}

  static TrustManager[] trustManagers(Path pem) {
    List<X509Certificate> bundle = read(pem);
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int alias = 0;
      for (X509Certificate certificate : jvmDefaults()) {
        trusted.setCertificateEntry("jvm-" + alias++, certificate);
      }
      for (X509Certificate certificate : bundle) {
        trusted.setCertificateEntry("bundle-" + alias++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the trust of " + pem, e);
    }
  }

  private static List<X509Certificate> read(Path pem) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw usage(pem, "it cannot be read (" + e + ")");
    } catch (GeneralSecurityException e) {
      throw usage(pem, "it is not PEM certificates (" + e.getMessage() + ")");
    }
    List<X509Certificate> x509 = new ArrayList<>();
    for (Certificate certificate : certificates) {
      if (certificate instanceof X509Certificate c) {
        x509.add(c);
      }
    }
    if (x509.isEmpty()) {
      throw usage(pem, "it holds no certificate");
    }
    return x509;
  }

  private static List<X509Certificate> jvmDefaults() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    List<X509Certificate> certificates = new ArrayList<>();
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        certificates.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return certificates;
  }

  private static BackupException usage(Path pem, String why) {
    return new BackupException(
        BackupFailure.USAGE, "-ca-bundle " + pem + " is not a PEM file of CA certificates: " + why);
  }
}

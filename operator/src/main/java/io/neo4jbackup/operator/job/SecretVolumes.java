package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.neo4jbackup.api.v1alpha1.SharedSecretReference;
import io.neo4jbackup.api.v1alpha1.TlsSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The Secrets a backup names for the backup port, mounted read-only at fixed paths in the backup
 * container.
 *
 * <p>{@link EngineCommand} points the engine's options at them: {@code -tls -tls-ca} at {@link
 * #TLS_CA}, {@code -tls-cert}/{@code -tls-key} at {@link #TLS_CERTIFICATE} and {@link #TLS_KEY}
 * when the Secret has them (mutual TLS), {@code -secret-file} at {@link #SHARED_SECRET_FILE}. A
 * Secret that does not exist, or lacks the shared secret's key, keeps the pod from starting.
 */
public record SecretVolumes(List<Volume> volumes, List<VolumeMount> mounts) {

  /** The directory holding the TLS Secret's keys ({@code ca.crt}, {@code tls.crt}, ...). */
  public static final String TLS_DIRECTORY = "/etc/neo4j-backup/tls";

  /** The certificate authority that signed the servers' certificates (required). */
  public static final String TLS_CA = TLS_DIRECTORY + "/ca.crt";

  /** The client certificate for mutual TLS (optional in the Secret). */
  public static final String TLS_CERTIFICATE = TLS_DIRECTORY + "/tls.crt";

  /** The client certificate's private key, PEM PKCS#8 (optional in the Secret). */
  public static final String TLS_KEY = TLS_DIRECTORY + "/tls.key";

  /** The key the shared secret is read from when the spec names none, as the CRD defaults it. */
  public static final String DEFAULT_SHARED_SECRET_KEY = "secret";

  /** The file holding the shared secret. */
  public static final String SHARED_SECRET_FILE = "/etc/neo4j-backup/shared-secret/shared-secret";

  private static final String SHARED_SECRET_DIRECTORY = "/etc/neo4j-backup/shared-secret";

  /** Readable by the owner and the pod's fsGroup only. */
  private static final int MODE = 0440;

  public SecretVolumes {
    volumes = List.copyOf(volumes);
    mounts = List.copyOf(mounts);
  }

  /** The volumes and mounts for {@code tls} and {@code sharedSecret}, either of them null. */
  public static SecretVolumes of(TlsSettings tls, SharedSecretReference sharedSecret) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (tls != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("tls")
              .withNewSecret()
              .withSecretName(tls.getSecretName())
              .withDefaultMode(MODE)
              .endSecret()
              .build());
      mounts.add(readOnly("tls", TLS_DIRECTORY));
    }
    if (sharedSecret != null) {
      String key =
          sharedSecret.getKey() == null ? DEFAULT_SHARED_SECRET_KEY : sharedSecret.getKey();
      volumes.add(
          new VolumeBuilder()
              .withName("shared-secret")
              .withNewSecret()
              .withSecretName(sharedSecret.getSecretName())
              .withItems(new KeyToPathBuilder().withKey(key).withPath("shared-secret").build())
              .withDefaultMode(MODE)
              .endSecret()
              .build());
      mounts.add(readOnly("shared-secret", SHARED_SECRET_DIRECTORY));
    }
    return new SecretVolumes(volumes, mounts);
  }

  private static VolumeMount readOnly(String volume, String mountPath) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(mountPath)
        .withReadOnly(true)
        .build();
  }
}

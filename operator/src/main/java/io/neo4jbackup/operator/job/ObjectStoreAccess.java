package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.neo4jbackup.api.v1alpha1.CaBundleReference;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.WorkVolume;
import io.neo4jbackup.contract.Compression;
import io.neo4jbackup.contract.EngineArguments;
import io.neo4jbackup.operator.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engine pod needs to reach an object store, from an {@code objectStore} spec, with no I/O:
 * the credentials as environment variables from their Secret (secretKeyRef, never arguments), the
 * CA bundle and the encryption key as read-only files at fixed paths, the work volume (an emptyDir
 * or a claim) at {@link #WORK}, and the engine's object store options pointing at them.
 *
 * @param spec the objectStore spec
 * @param field where it is in the resource, for messages
 */
public record ObjectStoreAccess(ObjectStoreSpec spec, String field) {

  /** Where the engine makes its local copy (the work volume). */
  public static final String WORK = "/work";

  /** The CA bundle's file. */
  public static final String CA_BUNDLE = "/etc/neo4j-backup/object-store/ca/ca.crt";

  /** The encryption key's file. */
  public static final String ENCRYPTION_KEY = "/etc/neo4j-backup/object-store/encryption/key";

  /** The Secret keys of static credentials, passed on as environment variables of these names. */
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  /** Optional in the Secret. */
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

  /** The key of the CA bundle when the spec names none, as the CRD defaults it. */
  public static final String DEFAULT_CA_KEY = "ca.crt";

  /** The key of the encryption key when the spec names none, as the CRD defaults it. */
  public static final String DEFAULT_ENCRYPTION_KEY = "key";

  /** Readable by the owner and the pod's fsGroup only. */
  private static final int MODE = 0440;

  /** The access {@code spec} (at {@code field}) describes; checks what the CRD may not have. */
  public static ObjectStoreAccess of(ObjectStoreSpec spec, String field) {
    ObjectStoreLocation.of(spec, field);
    CaBundleReference ca = spec.getCaBundle();
    if (ca != null && (ca.getSecretName() == null) == (ca.getConfigMapName() == null)) {
      throw new InvalidSpecException(
          field + ".caBundle needs either secretName or configMapName (exactly one)");
    }
    WorkVolume work = spec.getWorkVolume();
    if (work != null && work.getSizeLimit() != null && work.getClaimName() != null) {
      throw new InvalidSpecException(
          field
              + ".workVolume gives both sizeLimit and claimName: give sizeLimit for an emptyDir,"
              + " or claimName for a PersistentVolumeClaim");
    }
    return new ObjectStoreAccess(spec, field);
  }

  /** The engine's options for reading (restore, delete, inspect): no compression. */
  public EngineArguments.ObjectStore reading() {
    return EngineArguments.objectStore()
        .endpoint(spec.getEndpoint())
        .region(spec.getRegion())
        .pathStyle(Boolean.TRUE.equals(spec.getPathStyle()))
        .work(WORK)
        .caBundle(spec.getCaBundle() == null ? null : CA_BUNDLE)
        .encryptionKeyFile(spec.getEncryption() == null ? null : ENCRYPTION_KEY);
  }

  /** The engine's options for writing a backup: as for reading, with the compression. */
  public EngineArguments.ObjectStore writing() {
    return reading().compression(compression());
  }

  /** The credentials' environment variables, empty for the pod's own identity. */
  public List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    if (spec.getCredentials() != null) {
      String secret = spec.getCredentials().getSecretName();
      env.add(fromSecret(ACCESS_KEY_ID, secret, false));
      env.add(fromSecret(SECRET_ACCESS_KEY, secret, false));
      env.add(fromSecret(SESSION_TOKEN, secret, true));
    }
    return env;
  }

  /** The work volume, and the CA bundle's and encryption key's when given. */
  public List<Volume> volumes() {
    List<Volume> volumes = new ArrayList<>();
    WorkVolume work = spec.getWorkVolume();
    if (work != null && work.getClaimName() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("work")
              .withNewPersistentVolumeClaim()
              .withClaimName(work.getClaimName())
              .endPersistentVolumeClaim()
              .build());
    } else {
      volumes.add(
          new VolumeBuilder()
              .withName("work")
              .withNewEmptyDir()
              .withSizeLimit(work == null ? null : work.getSizeLimit())
              .endEmptyDir()
              .build());
    }
    CaBundleReference ca = spec.getCaBundle();
    if (ca != null) {
      String key = ca.getKey() == null ? DEFAULT_CA_KEY : ca.getKey();
      var item = new KeyToPathBuilder().withKey(key).withPath("ca.crt").build();
      VolumeBuilder volume = new VolumeBuilder().withName("object-store-ca");
      volumes.add(
          ca.getSecretName() != null
              ? volume
                  .withNewSecret()
                  .withSecretName(ca.getSecretName())
                  .withItems(item)
                  .withDefaultMode(MODE)
                  .endSecret()
                  .build()
              : volume
                  .withNewConfigMap()
                  .withName(ca.getConfigMapName())
                  .withItems(item)
                  .withDefaultMode(MODE)
                  .endConfigMap()
                  .build());
    }
    if (spec.getEncryption() != null) {
      String key =
          spec.getEncryption().getKey() == null
              ? DEFAULT_ENCRYPTION_KEY
              : spec.getEncryption().getKey();
      volumes.add(
          new VolumeBuilder()
              .withName("encryption-key")
              .withNewSecret()
              .withSecretName(spec.getEncryption().getSecretName())
              .withItems(new KeyToPathBuilder().withKey(key).withPath("key").build())
              .withDefaultMode(MODE)
              .endSecret()
              .build());
    }
    return volumes;
  }

  /** Where {@link #volumes()} are mounted: the work volume read-write, the files read-only. */
  public List<VolumeMount> mounts() {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("work").withMountPath(WORK).build());
    if (spec.getCaBundle() != null) {
      mounts.add(readOnly("object-store-ca", parent(CA_BUNDLE)));
    }
    if (spec.getEncryption() != null) {
      mounts.add(readOnly("encryption-key", parent(ENCRYPTION_KEY)));
    }
    return mounts;
  }

  /** The work claim, when the spec names one instead of an emptyDir. */
  public String workClaim() {
    return spec.getWorkVolume() == null ? null : spec.getWorkVolume().getClaimName();
  }

  private Compression compression() {
    if (spec.getCompression() == null) {
      return null;
    }
    return switch (spec.getCompression()) {
      case None -> Compression.NONE;
      case Zstd -> Compression.ZSTD;
      case Lz4 -> Compression.LZ4;
    };
  }

  private static EnvVar fromSecret(String name, String secret, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(name)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static VolumeMount readOnly(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build();
  }

  private static String parent(String file) {
    return file.substring(0, file.lastIndexOf('/'));
  }
}

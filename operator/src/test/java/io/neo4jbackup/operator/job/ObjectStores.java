package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.Quantity;
import io.neo4jbackup.api.v1alpha1.CaBundleReference;
import io.neo4jbackup.api.v1alpha1.Compression;
import io.neo4jbackup.api.v1alpha1.EncryptionKeyReference;
import io.neo4jbackup.api.v1alpha1.ObjectStoreCredentials;
import io.neo4jbackup.api.v1alpha1.ObjectStoreSpec;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.WorkVolume;

/** Object store specs for tests: the smallest one, and one that uses every option. */
public final class ObjectStores {

  private ObjectStores() {}

  /** {@code s3://backups/neo4j/prod} on AWS S3, with the pod's own identity. */
  public static ObjectStoreSpec minimal() {
    ObjectStoreSpec spec = new ObjectStoreSpec();
    spec.setBucket("backups");
    spec.setPrefix("neo4j/prod");
    return spec;
  }

  /**
   * {@code s3://backups/neo4j/prod} on an S3-compatible endpoint, with credentials, a CA bundle in
   * a ConfigMap, an encryption key, Zstd and a 20Gi work emptyDir.
   */
  public static ObjectStoreSpec full() {
    ObjectStoreSpec spec = minimal();
    spec.setEndpoint("https://s3proxy.storage:8443");
    spec.setRegion("us-east-1");
    spec.setPathStyle(true);
    ObjectStoreCredentials credentials = new ObjectStoreCredentials();
    credentials.setSecretName("s3-credentials");
    spec.setCredentials(credentials);
    CaBundleReference ca = new CaBundleReference();
    ca.setConfigMapName("s3-ca");
    ca.setKey("bundle.pem");
    spec.setCaBundle(ca);
    EncryptionKeyReference encryption = new EncryptionKeyReference();
    encryption.setSecretName("backup-key");
    encryption.setKey("key");
    spec.setEncryption(encryption);
    spec.setCompression(Compression.Zstd);
    WorkVolume work = new WorkVolume();
    work.setSizeLimit(new Quantity("20Gi"));
    spec.setWorkVolume(work);
    return spec;
  }

  /** A target in {@code objectStore}. */
  public static Target target(ObjectStoreSpec objectStore) {
    Target target = new Target();
    target.setObjectStore(objectStore);
    return target;
  }
}

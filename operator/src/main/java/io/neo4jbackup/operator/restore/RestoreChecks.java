package io.neo4jbackup.operator.restore;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neo4jbackup.api.v1alpha1.BackupPhase;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Neo4jRestoreSpec;
import io.neo4jbackup.api.v1alpha1.RestoreFailureReason;
import io.neo4jbackup.api.v1alpha1.RestorePhase;
import io.neo4jbackup.api.v1alpha1.RestoreSource;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.job.ObjectStoreAccess;
import io.neo4jbackup.operator.job.ObjectStoreLocation;
import io.neo4jbackup.operator.job.RestoreJob;
import io.neo4jbackup.operator.job.TargetPath;
import java.util.Comparator;

/**
 * What a Pending restore is refused for, read from the API and changing nothing: the spec, the
 * source (a succeeded Neo4jBackup or a claim, no backup still writing into it), the StatefulSet
 * (there, supported, its data claim there) and no other unfinished restore of it. Gives the claims
 * the restore reads and writes, which the status records.
 */
final class RestoreChecks {

  private RestoreChecks() {}

  /** The claims the restore reads and writes, or why it is refused. */
  static RestoreJob.Claims claims(Neo4jRestore restore, KubernetesClient client) throws Refusal {
    Neo4jRestoreSpec spec = restore.getSpec();
    if (spec == null
        || spec.getSource() == null
        || spec.getTarget() == null
        || spec.getTarget().getStatefulSet() == null) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec, "spec.source and spec.target.statefulSet are required");
    }
    RestoreSource source = spec.getSource();
    boolean byBackup = source.getBackup() != null;
    boolean byClaim = source.getClaimName() != null && source.getPath() != null;
    boolean claimOrPath = source.getClaimName() != null || source.getPath() != null;
    boolean byObjectStore = source.getObjectStore() != null;
    int forms = (byBackup ? 1 : 0) + (claimOrPath ? 1 : 0) + (byObjectStore ? 1 : 0);
    if (forms != 1 || claimOrPath != byClaim) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec,
          "spec.source needs exactly one of: backup; claimName and path; objectStore");
    }
    if (source.getChain() != null && !byObjectStore) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec,
          "spec.source.chain names a chain of spec.source.objectStore, which is not given");
    }
    if (source.getUntil() != null && source.getUntilTransaction() != null) {
      throw new Refusal(
          RestoreFailureReason.InvalidSpec,
          "spec.source: give until or untilTransaction, not both");
    }
    String namespace = restore.getMetadata().getNamespace();
    if (byObjectStore) {
      return fromObjectStore(restore, client);
    }
    String claim = source.getClaimName();
    String path = source.getPath();
    if (byBackup) {
      Neo4jBackup backup =
          client
              .resources(Neo4jBackup.class)
              .inNamespace(namespace)
              .withName(source.getBackup())
              .get();
      if (backup == null) {
        throw new Refusal(
            RestoreFailureReason.SourceNotFound,
            "Neo4jBackup "
                + source.getBackup()
                + " (spec.source.backup) does not exist in namespace "
                + namespace);
      }
      if (backup.getStatus() == null || backup.getStatus().getPhase() != BackupPhase.Succeeded) {
        throw new Refusal(
            RestoreFailureReason.SourceNotReady,
            "Neo4jBackup "
                + source.getBackup()
                + " is "
                + (backup.getStatus() == null ? "Pending" : backup.getStatus().getPhase())
                + ", not Succeeded: restore a backup that succeeded.");
      }
      if (backup.getSpec().getTarget().getObjectStore() != null) {
        String uri = backup.getStatus().getObjectStoreUri();
        throw new Refusal(
            RestoreFailureReason.InvalidSpec,
            "Neo4jBackup "
                + source.getBackup()
                + " wrote into an object store ("
                + uri
                + "): restore it with spec.source.objectStore, as the backup's"
                + " spec.target.objectStore, and spec.source.chain: "
                + (uri == null ? "its chain's name" : uri.substring(uri.lastIndexOf('/') + 1)));
      }
      claim = backup.getSpec().getTarget().getClaimName();
      path = backup.getSpec().getTarget().getPath();
    }
    try {
      RestoreJob.arguments(spec, path);
    } catch (InvalidSpecException e) {
      throw new Refusal(RestoreFailureReason.InvalidSpec, e.getMessage());
    }
    if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
      throw new Refusal(
          RestoreFailureReason.SourceNotFound,
          "The PersistentVolumeClaim "
              + claim
              + " holding the backup does not exist in namespace "
              + namespace);
    }
    refuseWhileWritten(namespace, TargetPath.of(claim, path), client);
    DataClaim data = dataClaim(restore, client);
    return new RestoreJob.Claims(claim, path, data.claim(), data.subPath());
  }

  /**
   * The object store location a restore from {@code spec.source.objectStore} reads (its prefix, or
   * the chain {@code spec.source.chain} names below it) and the data claim, or why it is refused: a
   * work claim that does not exist is refused before Neo4j is stopped.
   */
  private static RestoreJob.Claims fromObjectStore(Neo4jRestore restore, KubernetesClient client)
      throws Refusal {
    RestoreSource source = restore.getSpec().getSource();
    String namespace = restore.getMetadata().getNamespace();
    ObjectStoreLocation location;
    try {
      ObjectStoreAccess access = ObjectStoreAccess.of(source.getObjectStore(), OBJECT_STORE);
      location = ObjectStoreLocation.of(source.getObjectStore(), OBJECT_STORE);
      if (source.getChain() != null) {
        if (!ObjectStoreLocation.isChainName(source.getChain())) {
          throw new InvalidSpecException(
              "spec.source.chain '"
                  + source.getChain()
                  + "' is not a chain's name, such as chain-20260112T013000.000Z");
        }
        location = location.child(source.getChain());
      }
      RestoreJob.arguments(restore.getSpec(), location.uri(), access);
      String workClaim = access.workClaim();
      if (workClaim != null
          && client.persistentVolumeClaims().inNamespace(namespace).withName(workClaim).get()
              == null) {
        throw new Refusal(
            RestoreFailureReason.SourceNotFound,
            "The PersistentVolumeClaim "
                + workClaim
                + " ("
                + OBJECT_STORE
                + ".workVolume.claimName) does not exist in namespace "
                + namespace);
      }
    } catch (InvalidSpecException e) {
      throw new Refusal(RestoreFailureReason.InvalidSpec, e.getMessage());
    }
    refuseWhileWritten(namespace, TargetPath.of(location), client);
    DataClaim data = dataClaim(restore, client);
    return new RestoreJob.Claims(null, null, location.uri(), data.claim(), data.subPath());
  }

  private static final String OBJECT_STORE = "spec.source.objectStore";

  /** Neo4j's data claim and subPath. */
  private record DataClaim(String claim, String subPath) {}

  /** The StatefulSet's data claim, or why it cannot be restored into. */
  private static DataClaim dataClaim(Neo4jRestore restore, KubernetesClient client) throws Refusal {
    String namespace = restore.getMetadata().getNamespace();
    StatefulSet statefulSet = Neo4jControls.statefulSet(restore, client);
    if (statefulSet == null) {
      throw new Refusal(
          RestoreFailureReason.TargetNotFound, Neo4jControls.statefulSetGone(restore));
    }
    Neo4jStatefulSet.DataVolume data;
    try {
      data = Neo4jStatefulSet.dataVolume(statefulSet);
    } catch (Neo4jStatefulSet.Unsupported e) {
      throw new Refusal(RestoreFailureReason.UnsupportedTarget, e.getMessage());
    }
    if (client.persistentVolumeClaims().inNamespace(namespace).withName(data.claim()).get()
        == null) {
      throw new Refusal(
          RestoreFailureReason.TargetNotFound,
          "Neo4j's data claim "
              + data.claim()
              + " (pod 0 of StatefulSet "
              + statefulSet.getMetadata().getName()
              + ") does not exist: start Neo4j once so that it is created, or restore by hand.");
    }
    refuseWhileAnotherRestore(restore, client);
    return new DataClaim(data.claim(), data.subPath());
  }

  /** A backup still writing into the chain (or a directory nested with it) is refused. */
  static void refuseWhileWritten(String namespace, TargetPath source, KubernetesClient client)
      throws Refusal {
    for (Neo4jBackup backup :
        client.resources(Neo4jBackup.class).inNamespace(namespace).list().getItems()) {
      if (backup.getStatus() == null
          || backup.getStatus().getPhase() != BackupPhase.Running
          || backup.getSpec() == null
          || backup.getSpec().getTarget() == null) {
        continue;
      }
      TargetPath written;
      try {
        written = TargetPath.of(backup.getSpec().getTarget());
      } catch (InvalidSpecException e) {
        continue;
      }
      if (written.overlaps(source)) {
        throw new Refusal(
            RestoreFailureReason.SourceBusy,
            "Neo4jBackup "
                + backup.getMetadata().getName()
                + " is still writing into "
                + (written.objectStore() ? written.path() : written.claim() + ":" + written.path())
                + ", the backup to restore or a directory nested with it: retry with a new"
                + " Neo4jRestore once it has finished (suspend its schedule to keep others out).");
      }
    }
  }

  /** Of two unfinished restores of one StatefulSet, the one under way, else the older, goes on. */
  static void refuseWhileAnotherRestore(Neo4jRestore restore, KubernetesClient client)
      throws Refusal {
    String statefulSet = restore.getSpec().getTarget().getStatefulSet();
    Comparator<Neo4jRestore> order =
        Comparator.comparing(
                (Neo4jRestore r) -> String.valueOf(r.getMetadata().getCreationTimestamp()))
            .thenComparing(r -> r.getMetadata().getName());
    for (Neo4jRestore other :
        client
            .resources(Neo4jRestore.class)
            .inNamespace(restore.getMetadata().getNamespace())
            .list()
            .getItems()) {
      if (other.getMetadata().getUid().equals(restore.getMetadata().getUid())
          || other.getSpec() == null
          || other.getSpec().getTarget() == null
          || !statefulSet.equals(other.getSpec().getTarget().getStatefulSet())
          || RestoreStatuses.finished(other)) {
        continue;
      }
      RestorePhase phase = RestoreStatuses.phase(other);
      boolean underWay = phase != null && phase != RestorePhase.Pending;
      if (underWay || order.compare(other, restore) < 0) {
        throw new Refusal(
            RestoreFailureReason.TargetBusy,
            "Neo4jRestore "
                + other.getMetadata().getName()
                + " has not finished restoring into StatefulSet "
                + statefulSet
                + ": one restore at a time. Create a new Neo4jRestore once it has finished.");
      }
    }
  }
}

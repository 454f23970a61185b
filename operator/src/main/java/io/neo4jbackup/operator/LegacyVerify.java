package io.neo4jbackup.operator;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neo4jbackup.api.v1alpha1.BackupTemplate;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.VerifySpec;

/**
 * Objects stored before drills hold {@code verify: true|false}. The operator reads them (as {@code
 * {consistency: B}}), but the API server validates the whole object on every write, status
 * included, against the new schema, so such an object's status could never be written again. When a
 * status write is refused for that field, the field is rewritten in the object form it meant,
 * nothing else; the refused write fails as before, and its retry goes through.
 */
public final class LegacyVerify {
  /** What the API server says of a boolean where the schema now has the verify object. */
  private static final String REFUSAL = "verify in body must be of type object";

  private LegacyVerify() {}

  /** Rewrites the boolean {@code verify} of {@code resource} if that is why {@code e} refused. */
  public static void rewriteIfRefused(
      KubernetesClientException e, CustomResource<?, ?> resource, KubernetesClient client) {
    if (e.getCode() != 422 || e.getMessage() == null || !e.getMessage().contains(REFUSAL)) {
      return;
    }
    if (resource instanceof Neo4jBackup backup && backup.getSpec() != null) {
      client
          .resources(Neo4jBackup.class)
          .inNamespace(backup.getMetadata().getNamespace())
          .withName(backup.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":" + verify(backup.getSpec().getVerify()) + "}");
    } else if (resource instanceof Neo4jBackupSchedule schedule && schedule.getSpec() != null) {
      BackupTemplate template = schedule.getSpec().getBackupTemplate();
      client
          .resources(Neo4jBackupSchedule.class)
          .inNamespace(schedule.getMetadata().getNamespace())
          .withName(schedule.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"backupTemplate\":{\"spec\":"
                  + verify(template == null ? null : template.getSpec().getVerify())
                  + "}}}");
    }
  }

  private static String verify(VerifySpec verify) {
    boolean consistency = verify != null && Boolean.TRUE.equals(verify.getConsistency());
    return "{\"verify\":{\"consistency\":" + consistency + "}}";
  }
}

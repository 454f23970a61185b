package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The owner reference the operator puts on what it creates for a resource: its controller, so that
 * the resource's informers map the object back to it and Kubernetes' garbage collector deletes the
 * object with it.
 */
final class Owners {

  private Owners() {}

  /** {@code owner} as the controlling owner, which blocks its deletion in the foreground. */
  static OwnerReference controller(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(HasMetadata.getApiVersion(owner.getClass()))
        .withKind(HasMetadata.getKind(owner.getClass()))
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}

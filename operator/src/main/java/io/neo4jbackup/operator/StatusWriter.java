package io.neo4jbackup.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * Writes a resource's status for both reconcilers: only when it differs from the status the
 * resource has, on the status subresource, with optimistic locking (a reconciliation that worked
 * from a stale view fails with a conflict and the framework retries it from fresh state, so nothing
 * is recorded twice), and hands the written resource to the framework's cache so that the next
 * reconciliation starts from it.
 */
public final class StatusWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusWriter() {}

  /** The resource as written, or empty when {@code status} is the one it already has. */
  public static <S, R extends CustomResource<?, S>> Optional<R> write(
      R resource, S status, Context<R> context) {
    if (JSON.valueToTree(status).equals(JSON.valueToTree(resource.getStatus()))) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    R changed = (R) JSON.convertValue(JSON.valueToTree(resource), resource.getClass());
    changed.setStatus(status);
    R updated;
    try {
      updated = context.getClient().resource(changed).updateStatus();
    } catch (KubernetesClientException e) {
      LegacyVerify.rewriteIfRefused(e, resource, context.getClient());
      throw e;
    }
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(resource), updated, resource);
    return Optional.of(updated);
  }
}

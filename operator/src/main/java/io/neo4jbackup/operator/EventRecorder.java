package io.neo4jbackup.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on the operator's resources, as {@code kubectl describe} shows them.
 * Events are informational: one that cannot be written is logged, never retried, and never fails a
 * backup or a schedule.
 */
public final class EventRecorder {

  public static final String COMPONENT = "neo4j-backup-operator";

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  /** Event messages are limited to 1 KiB by the API server. */
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata resource, EventReason event, String message) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    log.info("{}/{}: {}: {}", namespace, name, event.name(), message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Event record =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                name
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(HasMetadata.getApiVersion(resource.getClass()))
            .withKind(HasMetadata.getKind(resource.getClass()))
            .withName(name)
            .withNamespace(namespace)
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withReason(event.name())
            .withMessage(
                message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE))
            .withType(event.type())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(record).create();
    } catch (KubernetesClientException e) {
      log.warn("Could not record event {} ({}): {}", event.name(), message, e.getMessage());
    }
  }
}

package io.neo4jbackup.operator.schedule;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on Neo4jBackupSchedules, as {@code kubectl describe} shows them. Events
 * are informational: one that cannot be written is logged, never retried.
 */
public final class ScheduleEventRecorder {

  private static final Logger log = LoggerFactory.getLogger(ScheduleEventRecorder.class);
  private static final String COMPONENT = "neo4j-backup-operator";
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public ScheduleEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(Neo4jBackupSchedule schedule, ScheduleEvent event, String message) {
    log.info(
        "{}/{}: {}: {}",
        schedule.getMetadata().getNamespace(),
        schedule.getMetadata().getName(),
        event,
        message);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = schedule.getMetadata().getNamespace();
    Event record =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                schedule.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(HasMetadata.getApiVersion(Neo4jBackupSchedule.class))
            .withKind(HasMetadata.getKind(Neo4jBackupSchedule.class))
            .withName(schedule.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(schedule.getMetadata().getUid())
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
      log.warn("Could not record event {} ({}): {}", event, message, e.getMessage());
    }
  }
}

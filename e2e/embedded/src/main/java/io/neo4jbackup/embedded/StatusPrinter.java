package io.neo4jbackup.embedded;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Prints the backups', schedules' and restores' statuses as they change (what {@code kubectl get
 * -w} would show) and the operator's Events.
 */
final class StatusPrinter implements AutoCloseable {

  private static final List<String> BACKUP_FIELDS =
      List.of(
          "phase",
          "mode",
          "member",
          "firstTransactionId",
          "lastTransactionId",
          "bytesTransferred",
          "duration",
          "verification",
          "failureReason",
          "failureMessage");

  private static final List<String> SCHEDULE_FIELDS =
      List.of(
          "lastScheduleTime",
          "nextScheduleTime",
          "activeBackups",
          "lastSuccessfulBackup",
          "lastFailedBackup",
          "missedRuns",
          "skippedRuns");

  private static final List<String> RESTORE_FIELDS =
      List.of(
          "phase",
          "suspendedSchedules",
          "jobName",
          "database",
          "lastTransactionId",
          "lastCommitTime",
          "keptAside",
          "failureReason",
          "failureMessage");

  private final KubernetesClient client;
  private final Consumer<String> say;
  private final Map<String, String> printed = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  StatusPrinter(KubernetesClient client, Consumer<String> say) {
    this.client = client;
    this.say = say;
  }

  void start() {
    informers.add(
        client
            .resources(Neo4jBackup.class)
            .inAnyNamespace()
            .inform(printing("Neo4jBackup", backup -> summary(backup.getStatus(), BACKUP_FIELDS))));
    informers.add(
        client
            .resources(Neo4jBackupSchedule.class)
            .inAnyNamespace()
            .inform(
                printing(
                    "Neo4jBackupSchedule",
                    schedule -> summary(schedule.getStatus(), SCHEDULE_FIELDS))));
    informers.add(
        client
            .resources(Neo4jRestore.class)
            .inAnyNamespace()
            .inform(
                printing("Neo4jRestore", restore -> summary(restore.getStatus(), RESTORE_FIELDS))));
    informers.add(
        client
            .v1()
            .events()
            .inAnyNamespace()
            .inform(
                printing(
                    "Event",
                    event ->
                        event.getType()
                            + " "
                            + event.getReason()
                            + " on "
                            + event.getInvolvedObject().getKind()
                            + " "
                            + event.getInvolvedObject().getName()
                            + ": "
                            + event.getMessage())));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> printing(
      String kind, Function<T, String> summary) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T resource) {
        print(resource);
      }

      @Override
      public void onUpdate(T before, T resource) {
        print(resource);
      }

      @Override
      public void onDelete(T resource, boolean finalStateUnknown) {
        if (!kind.equals("Event")) {
          say.accept(kind + " " + name(resource) + " deleted");
        }
      }

      private void print(T resource) {
        String text = summary.apply(resource);
        if (text.isEmpty()) {
          return;
        }
        String key = kind + "/" + name(resource);
        if (!Objects.equals(printed.put(key, text), text)) {
          say.accept(kind + " " + name(resource) + ": " + text);
        }
      }
    };
  }

  private String summary(Object status, List<String> fields) {
    if (status == null) {
      return "";
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values =
        new TreeMap<>(client.getKubernetesSerialization().convertValue(status, Map.class));
    List<String> parts = new ArrayList<>();
    for (String field : fields) {
      Object value = values.get(field);
      if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
        parts.add(field + "=" + value);
      }
    }
    return String.join(" ", parts);
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}

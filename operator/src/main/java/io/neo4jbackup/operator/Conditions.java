package io.neo4jbackup.operator;

import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.RestoreCondition;
import io.neo4jbackup.api.v1alpha1.RestoreConditionType;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sets a standard condition in a resource's list of conditions, by Kubernetes' rule for every kind
 * (as {@code meta.SetStatusCondition} does): the condition replaces the one of its type, its {@code
 * lastTransitionTime} stays the previous one's while the status ({@code True}, {@code False},
 * {@code Unknown}) stays the same, whatever the reason and message, and the list is kept in the
 * order of the types.
 *
 * @param <C> the kind's condition class
 * @param <T> the kind's condition types
 */
public final class Conditions<C, T extends Enum<T>> {

  /** A Neo4jBackup's conditions. */
  public static final Conditions<BackupCondition, BackupConditionType> BACKUP =
      new Conditions<>(
          BackupCondition::getType,
          BackupCondition::getStatus,
          BackupCondition::getLastTransitionTime,
          BackupCondition::setLastTransitionTime);

  /** A Neo4jBackupSchedule's conditions. */
  public static final Conditions<ScheduleCondition, ScheduleConditionType> SCHEDULE =
      new Conditions<>(
          ScheduleCondition::getType,
          ScheduleCondition::getStatus,
          ScheduleCondition::getLastTransitionTime,
          ScheduleCondition::setLastTransitionTime);

  /** A Neo4jRestore's conditions. */
  public static final Conditions<RestoreCondition, RestoreConditionType> RESTORE =
      new Conditions<>(
          RestoreCondition::getType,
          RestoreCondition::getStatus,
          RestoreCondition::getLastTransitionTime,
          RestoreCondition::setLastTransitionTime);

  private final Function<C, T> type;
  private final Function<C, ConditionStatus> status;
  private final Function<C, String> transitionTime;
  private final BiConsumer<C, String> setTransitionTime;

  private Conditions(
      Function<C, T> type,
      Function<C, ConditionStatus> status,
      Function<C, String> transitionTime,
      BiConsumer<C, String> setTransitionTime) {
    this.type = type;
    this.status = status;
    this.transitionTime = transitionTime;
    this.setTransitionTime = setTransitionTime;
  }

  /**
   * A new list: {@code conditions} (null for none) with {@code condition} in place of the one of
   * its type. {@code condition}, complete but for its {@code lastTransitionTime}, gets the previous
   * one's when the status is unchanged, else {@code now} (to the second).
   */
  public List<C> set(List<C> conditions, C condition, Instant now) {
    List<C> updated = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    T kind = type.apply(condition);
    C previous = updated.stream().filter(c -> type.apply(c) == kind).findFirst().orElse(null);
    setTransitionTime.accept(
        condition,
        previous != null && Objects.equals(status.apply(previous), status.apply(condition))
            ? transitionTime.apply(previous)
            : now.truncatedTo(ChronoUnit.SECONDS).toString());
    updated.removeIf(c -> type.apply(c) == kind);
    updated.add(condition);
    updated.sort(Comparator.comparing(type));
    return updated;
  }
}

package io.neo4jbackup.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.BackupCondition;
import io.neo4jbackup.api.v1alpha1.BackupConditionReason;
import io.neo4jbackup.api.v1alpha1.BackupConditionType;
import io.neo4jbackup.api.v1alpha1.ConditionStatus;
import io.neo4jbackup.api.v1alpha1.ScheduleCondition;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionReason;
import io.neo4jbackup.api.v1alpha1.ScheduleConditionType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kubernetes' rule for conditions, the same for both kinds. */
class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-01-10T02:30:00Z");
  private static final Instant LATER = T0.plusMillis(90_500);

  @Test
  void theTransitionTimeStaysWhileTheStatusDoesWhateverTheReasonAndMessage() {
    List<ScheduleCondition> suspended =
        Conditions.SCHEDULE.set(
            null,
            schedule(
                ScheduleConditionType.Ready,
                ConditionStatus.False,
                ScheduleConditionReason.Suspended),
            T0);

    List<ScheduleCondition> invalid =
        Conditions.SCHEDULE.set(
            suspended,
            schedule(
                ScheduleConditionType.Ready,
                ConditionStatus.False,
                ScheduleConditionReason.InvalidTemplate),
            LATER);

    assertThat(invalid)
        .singleElement()
        .satisfies(
            c -> assertThat(c.getReason()).isEqualTo(ScheduleConditionReason.InvalidTemplate))
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-10T02:30:00Z"));
  }

  @Test
  void aNewStatusIsANewTransitionTimeToTheSecond() {
    List<BackupCondition> running =
        Conditions.BACKUP.set(
            null,
            backup(
                BackupConditionType.Complete, ConditionStatus.False, BackupConditionReason.Running),
            T0);

    List<BackupCondition> succeeded =
        Conditions.BACKUP.set(
            running,
            backup(
                BackupConditionType.Complete,
                ConditionStatus.True,
                BackupConditionReason.Succeeded),
            LATER);

    assertThat(succeeded)
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ConditionStatus.True))
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-10T02:31:30Z"));
    assertThat(running.get(0).getStatus())
        .as("the list given is left as it was")
        .isEqualTo(ConditionStatus.False);
  }

  @Test
  void eachTypeHoldsOneConditionInTheOrderOfTheTypes() {
    List<ScheduleCondition> conditions =
        Conditions.SCHEDULE.set(
            null,
            schedule(
                ScheduleConditionType.LastBackupSucceeded,
                ConditionStatus.True,
                ScheduleConditionReason.BackupSucceeded),
            T0);
    conditions =
        Conditions.SCHEDULE.set(
            conditions,
            schedule(
                ScheduleConditionType.Ready,
                ConditionStatus.True,
                ScheduleConditionReason.Scheduled),
            T0);
    conditions =
        Conditions.SCHEDULE.set(
            conditions,
            schedule(
                ScheduleConditionType.LastBackupSucceeded,
                ConditionStatus.False,
                ScheduleConditionReason.BackupFailed),
            LATER);

    assertThat(conditions)
        .extracting(ScheduleCondition::getType)
        .containsExactly(ScheduleConditionType.Ready, ScheduleConditionType.LastBackupSucceeded);
    assertThat(conditions.get(1).getReason()).isEqualTo(ScheduleConditionReason.BackupFailed);
  }

  private static ScheduleCondition schedule(
      ScheduleConditionType type, ConditionStatus status, ScheduleConditionReason reason) {
    ScheduleCondition condition = new ScheduleCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(reason.name());
    return condition;
  }

  private static BackupCondition backup(
      BackupConditionType type, ConditionStatus status, BackupConditionReason reason) {
    BackupCondition condition = new BackupCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(reason.name());
    return condition;
  }
}

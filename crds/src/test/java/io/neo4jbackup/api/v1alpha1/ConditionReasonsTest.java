package io.neo4jbackup.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failed backup's or restore's conditions carry its failure reason under the same name. */
class ConditionReasonsTest {

  @ParameterizedTest
  @EnumSource(FailureReason.class)
  void everyFailureReasonIsAlsoAConditionReason(FailureReason failure) {
    assertThat(BackupConditionReason.of(failure).name()).isEqualTo(failure.name());
  }

  @ParameterizedTest
  @EnumSource(RestoreFailureReason.class)
  void everyRestoreFailureReasonIsAlsoAConditionReason(RestoreFailureReason failure) {
    assertThat(RestoreConditionReason.of(failure).name()).isEqualTo(failure.name());
  }
}

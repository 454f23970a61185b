package io.neo4jbackup.api.crd;

import static io.neo4jbackup.api.crd.SampleResources.backup;
import static io.neo4jbackup.api.crd.SampleResources.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.api.v1alpha1.BackupMode;
import io.neo4jbackup.api.v1alpha1.ConcurrencyPolicy;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupScheduleSpec;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API server fills in every default, so what is stored is what the operator acts on. */
@ExtendWith(ApiServerExtension.class)
class DefaultsIT {

  private static ApiServer api;
  private static String ns;

  @BeforeAll
  static void connect(ApiServer server) {
    api = server;
    ns = api.namespace("defaults");
  }

  @Test
  void aBackupThatNamesOnlyItsSourceAndTargetGetsEveryDefault() {
    Neo4jBackupSpec spec =
        api.client()
            .resources(Neo4jBackup.class)
            .inNamespace(ns)
            .resource(backup("minimal"))
            .create()
            .getSpec();

    assertThat(spec.getMode()).isEqualTo(BackupMode.Auto);
    assertThat(spec.getDatabase()).isEqualTo("neo4j");
    assertThat(spec.getVerify().getConsistency()).isFalse();
    assertThat(spec.getVerify().getQuery()).as("no drill unless asked").isNull();
    assertThat(spec.getFallbackToFull()).isFalse();
    assertThat(spec.getJob().getBackoffLimit()).isEqualTo(2);
    assertThat(spec.getJob().getActiveDeadlineSeconds()).isEqualTo(21600L);
  }

  @Test
  void aScheduleThatNamesOnlyWhenAndItsBackupsGetsEveryDefault() {
    Neo4jBackupScheduleSpec spec =
        api.client()
            .resources(Neo4jBackupSchedule.class)
            .inNamespace(ns)
            .resource(schedule("minimal", "@daily"))
            .create()
            .getSpec();

    assertThat(spec.getTimeZone()).as("UTC, not the operator's local time").isEqualTo("UTC");
    assertThat(spec.getSuspend()).isFalse();
    assertThat(spec.getConcurrencyPolicy()).isEqualTo(ConcurrencyPolicy.Forbid);
    assertThat(spec.getChain().getBackupsPerChain()).isEqualTo(7);
    assertThat(spec.getRetention()).as("nothing is deleted unless asked").isNull();
    assertThat(spec.getSuccessfulBackupsHistoryLimit()).isEqualTo(3);
    assertThat(spec.getFailedBackupsHistoryLimit()).isEqualTo(3);
    assertThat(spec.getBackupTemplate().getSpec().getVerify().getConsistency()).isFalse();
    assertThat(spec.getDrill()).as("no drills unless asked").isNull();
    assertThat(spec.getBackupTemplate().getSpec().getJob().getBackoffLimit()).isEqualTo(2);
  }
}

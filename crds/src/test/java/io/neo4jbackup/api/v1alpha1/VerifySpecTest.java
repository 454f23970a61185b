package io.neo4jbackup.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** {@code spec.verify} as it is written now, and as it was written before restore drills. */
class VerifySpecTest {

  @Test
  void theBooleanFormOfBeforeDrillsIsReadAsTheConsistencyChecker() {
    Neo4jBackupSpec spec =
        Serialization.unmarshal(
            "{\"from\":\"single://neo4j\",\"target\":{\"claimName\":\"c\",\"path\":\"p\"},"
                + "\"verify\":true}",
            Neo4jBackupSpec.class);

    assertThat(spec.getVerify().getConsistency()).isTrue();
    assertThat(spec.getVerify().getQuery()).isNull();
    assertThat(spec.getVerify().getExpect()).isNull();
  }

  @Test
  void verifyFalseIsReadAsNoCheck() {
    Neo4jBackupSpec spec = Serialization.unmarshal("{\"verify\":false}", Neo4jBackupSpec.class);

    assertThat(spec.getVerify().getConsistency()).isFalse();
  }

  @Test
  void theObjectFormCarriesTheCheckerAndTheDrill() {
    Neo4jBackupSpec spec =
        Serialization.unmarshal(
            "{\"verify\":{\"consistency\":true,\"query\":\"RETURN 1\",\"expect\":\"1\"}}",
            Neo4jBackupSpec.class);

    assertThat(spec.getVerify().getConsistency()).isTrue();
    assertThat(spec.getVerify().getQuery()).isEqualTo("RETURN 1");
    assertThat(spec.getVerify().getExpect()).isEqualTo("1");
  }

  @Test
  void itIsWrittenBackAsAnObject() {
    assertThat(Serialization.asJson(VerifySpec.of(true))).isEqualTo("{\"consistency\":true}");
  }
}

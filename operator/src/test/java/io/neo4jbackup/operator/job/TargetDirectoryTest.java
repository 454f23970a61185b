package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.operator.InvalidSpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetDirectoryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          neo4j                 | /backup/neo4j
          neo4j/prod            | /backup/neo4j/prod
          /clusters/production  | /backup/clusters/production
          .hidden/..dots/a.b_c-d | /backup/.hidden/..dots/a.b_c-d
          """)
  void isTheClaimsDirectoryUnderTheMount(String path, String inContainer) {
    assertThat(TargetDirectory.inContainer(path)).isEqualTo(inContainer);
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''            | it is empty
          /             | the claim's root cannot hold the backup
          //neo4j       | empty segment
          neo4j//prod   | empty segment
          neo4j/        | empty segment
          ..            | '..' segments are not allowed
          neo4j/../etc  | '..' segments are not allowed
          ./neo4j       | '.' segments are not allowed
          neo4j/prod\\x | has characters other than
          neo 4j        | has characters other than
          """)
  void refusesPathsThatLeaveOrReplaceTheDirectory(String path, String reason) {
    assertThatThrownBy(() -> TargetDirectory.inContainer(path))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.target.path '" + path + "' is not usable: ")
        .hasMessageContaining(reason);
  }
}

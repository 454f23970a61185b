package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagingPathsTest {
  private static final Path ROOT = Path.of("/backups/.b.staging/databases/neo4j");
  private static final BackupUri.Member SERVER = new BackupUri.Member("evil", 6362);

  @ParameterizedTest
  @ValueSource(
      strings = {"neostore", "schema/index/range-1.0/1/index-1", "neostore.transaction.db.12"})
  void plainRelativeNamesStayInsideTheirRoot(String name) {
    assertThat(StagingPaths.resolve(ROOT, name, SERVER))
        .startsWithRaw(ROOT)
        .isEqualTo(ROOT.resolve(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "../x",
        "a/../../x",
        "a/./b",
        "a//b",
        "a/",
        "..",
        ".",
        "a\\..\\b",
        "nul\0l"
      })
  void anythingElseIsRefused(String name) {
    assertThatThrownBy(() -> StagingPaths.resolve(ROOT, name, SERVER))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.PROTOCOL))
        .hasMessageContaining("evil:6362 sent the file name");
  }
}

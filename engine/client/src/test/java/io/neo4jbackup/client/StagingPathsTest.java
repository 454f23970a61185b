package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neo4jbackup.contract.BackupFailure;
import io.neo4jbackup.contract.BackupUri;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagingPathsTest {
  private static final Path ROOT = Path.of("/backups/.b.staging/databases/neo4j");
  private static final BackupUri.Member SERVER =
      new BackupUri.Member("evil", BackupUri.HostKind.NAME, 6362);

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
        "nul\0l",
        "line\nbreak",
        "escape\u001b[2J"
      })
  void anythingElseIsRefused(String name) {
    assertThatThrownBy(() -> StagingPaths.resolve(ROOT, name, SERVER))
        .isInstanceOfSatisfying(
            BackupException.class, e -> assertThat(e.failure()).isEqualTo(BackupFailure.PROTOCOL))
        .hasMessageContaining("evil:6362 sent the file name");
  }

  @org.junit.jupiter.api.Test
  void aNameLeadingThroughASymbolicLinkIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path root = java.nio.file.Files.createDirectories(dir.resolve("staging/databases/neo4j"));
    Path outside = java.nio.file.Files.createDirectories(dir.resolve("outside"));
    java.nio.file.Files.createSymbolicLink(root.resolve("schema"), outside);
    assertThatThrownBy(() -> StagingPaths.resolve(root, "schema/index-1", SERVER))
        .isInstanceOf(BackupException.class)
        .hasMessageContaining("leads through the symbolic link " + root.resolve("schema"));
    java.nio.file.Files.createSymbolicLink(root.resolve("neostore"), outside.resolve("file"));
    assertThatThrownBy(() -> StagingPaths.resolve(root, "neostore", SERVER))
        .hasMessageContaining("symbolic link");
  }
}

package io.neo4jbackup.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.neo4jbackup.contract.BackupFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neo4j.internal.helpers.collection.Iterables;
import org.neo4j.io.pagecache.OutOfDiskSpaceException;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.recovery.RecoveryExtension;
import org.neo4j.service.Services;

class StoreRecoveryTest {
  private static final Path BACKUP = Path.of("/backups/neo4j");

  @Test
  void aFullFileSystemDuringRecoveryIsReportedAsTheTargetsProblem() {
    var e =
        StoreRecovery.failed(
            BACKUP,
            new IllegalStateException(
                "recovery failed",
                new UncheckedIOException(new IOException("write: No space left on device"))));

    assertThat(e.failure()).isEqualTo(BackupFailure.TARGET);
    assertThat(e)
        .hasMessage(
            "the file system of /backups/neo4j is full (No space left on device);"
                + " free space or choose another target");
  }

  @Test
  void neo4jsOwnOutOfDiskSpaceIsReportedAsAFullFileSystem() {
    var e =
        StoreRecovery.failed(
            BACKUP,
            new IOException(
                "growing a store file",
                new OutOfDiskSpaceException("System is out of disk space")));

    assertThat(e.failure()).isEqualTo(BackupFailure.TARGET);
    assertThat(e).hasMessageStartingWith("the file system of /backups/neo4j is full");
  }

  /**
   * Recovery is given only the engine's own extension: that drops nothing recovery would run only
   * while no extension factory on the class path is marked as one recovery needs.
   */
  @Test
  void noExtensionFactoryOnTheClassPathIsOneRecoveryRuns() {
    List<String> marked = new ArrayList<>();
    for (ExtensionFactory<?> factory :
        Iterables.<ExtensionFactory<?>, ExtensionFactory>cast(
            Services.loadAll(ExtensionFactory.class))) {
      if (factory.getClass().isAnnotationPresent(RecoveryExtension.class)) {
        marked.add(factory.getClass().getName());
      }
    }

    assertThat(marked).isEmpty();
    assertThat(
            StoreRecovery.recoveryExtensions(
                new IndexPopulationAwait(Duration.ZERO, Duration.ZERO)))
        .allMatch(factory -> factory.getClass().isAnnotationPresent(RecoveryExtension.class));
  }

  @Test
  void anyOtherFailureMeansTheCopyCannotBeRecovered() {
    var e = StoreRecovery.failed(BACKUP, new IOException("checksum mismatch in log 3"));

    assertThat(e.failure()).isEqualTo(BackupFailure.PROTOCOL);
    assertThat(e)
        .hasMessage(
            "recovering the copied store failed, so the copy is not usable: checksum mismatch in"
                + " log 3");
  }
}

package io.neo4jbackup.helm;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the etcd and kube-apiserver that {@code e2e/kube-binaries.sh} builds, in the layout
 * kube-api-test reads: {@code $NEO4J_BACKUP_CACHE/k8s/1.20.2-linux-amd64/}.
 */
final class KubeBinaries {

  static final String VERSION = "1.20.2";
  private static final List<String> NAMES = List.of("etcd", "kube-apiserver");

  private KubeBinaries() {}

  /** The cache root: {@code $NEO4J_BACKUP_CACHE}, by default {@code ~/.cache/neo4j-backup}. */
  static Path cacheRoot() {
    String configured = System.getenv("NEO4J_BACKUP_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "neo4j-backup");
  }

  /** Fails the calling test, naming the script to run, when a binary is missing. */
  static void require() {
    require(NAMES);
  }

  /** kubectl 1.20.2, which e2e/kube-binaries.sh also provides; fails the test without it. */
  static Path kubectl() {
    require(List.of("kubectl"));
    return directory().resolve("kubectl");
  }

  private static Path directory() {
    return cacheRoot().resolve("k8s").resolve(VERSION + "-linux-amd64");
  }

  private static void require(List<String> names) {
    Path directory = directory();
    List<String> missing =
        names.stream().filter(n -> !Files.isExecutable(directory.resolve(n))).toList();
    if (!missing.isEmpty()) {
      fail(
          String.format(
              "Kubernetes %s binaries %s are missing from %s. Build them once (about 10 minutes)"
                  + " with: bash e2e/kube-binaries.sh   (NEO4J_BACKUP_CACHE moves the cache)",
              VERSION, missing, directory));
    }
  }
}

package io.neo4jbackup.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Copies of the chart that differ from it in one respect, for upgrade tests. */
final class ChartVariants {

  /** What {@link #withChangedCrdDescription} puts in front of the Neo4jBackup CRD's description. */
  static final String CHANGED = "Changed by the upgrade test. ";

  private static final String BACKUP_CRD = "neo4jbackups.neo4jbackup.io-v1.yml";

  private ChartVariants() {}

  /** A copy of the chart in {@code directory}. */
  static Path copy(Path directory) {
    Path chart = directory.resolve("neo4j-backup-operator");
    try (Stream<Path> files = Files.walk(Chart.DIRECTORY)) {
      for (Path file : files.sorted().toList()) {
        Path target = chart.resolve(Chart.DIRECTORY.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  /**
   * The chart as it was before the CRDs became templates: the same CRD files in Helm's {@code
   * crds/} directory, which {@code helm install} creates without marking them as the release's, and
   * no {@code templates/crds.yaml}.
   */
  static Path earlierLayout(Path directory) {
    Path chart = copy(directory);
    try {
      Path crds = Files.createDirectories(chart.resolve("crds"));
      try (Stream<Path> files = Files.list(chart.resolve("files/crds"))) {
        for (Path file : files.toList()) {
          Files.move(file, crds.resolve(file.getFileName()));
        }
      }
      deleteRecursively(chart.resolve("files"));
      Files.delete(chart.resolve("templates/crds.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  /**
   * The chart with a CRD that differs from the current one: the Neo4jBackup CRD's top-level
   * description (the first description in the file) starts with {@link #CHANGED}.
   */
  static Path withChangedCrdDescription(Path directory) {
    Path chart = copy(directory);
    Path crd = chart.resolve("files/crds").resolve(BACKUP_CRD);
    try {
      String yaml = Files.readString(crd);
      String changed = yaml.replaceFirst("description: \"", "description: \"" + CHANGED);
      if (changed.equals(yaml)) {
        throw new IllegalStateException(crd + " has no description to change");
      }
      Files.writeString(crd, changed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  /** What {@link #testHookAsManifest} makes of the helm.sh/hook annotation's key. */
  static final String HOOK_AS_RENDERED = "rendered.helm.sh/hook";

  /**
   * The chart with its {@code helm test} pod as an ordinary manifest, for rendering it: helm-java's
   * template prints no hooks. Its {@code helm.sh/hook} annotation is renamed {@link
   * #HOOK_AS_RENDERED}; everything else is as the chart has it.
   */
  static Path testHookAsManifest(Path directory) {
    Path chart = copy(directory);
    Path template = chart.resolve("templates/tests/readyz.yaml");
    try {
      String yaml = Files.readString(template);
      String renamed = yaml.replace("    helm.sh/hook: ", "    " + HOOK_AS_RENDERED + ": ");
      if (renamed.split(HOOK_AS_RENDERED, -1).length != 2) {
        throw new IllegalStateException(template + " has no single helm.sh/hook annotation");
      }
      Files.writeString(template, renamed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chart;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      for (Path file : all) {
        Files.delete(file);
      }
    }
  }
}

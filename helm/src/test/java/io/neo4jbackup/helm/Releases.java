package io.neo4jbackup.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import java.nio.file.Path;
import java.util.Map;

/**
 * Installs, upgrades and uninstalls releases of the chart (or of a variant of it, see {@link
 * ChartVariants}) with real Helm on an {@link ApiServer}.
 */
record Releases(ApiServer api) {

  Release install(String release, String namespace, Map<String, Object> values) {
    return install(Chart.DIRECTORY, release, namespace, values);
  }

  Release install(Path chart, String release, String namespace, Map<String, Object> values) {
    InstallCommand install =
        new Helm(chart)
            .install()
            .withName(release)
            .withNamespace(namespace)
            .createNamespace()
            .withKubeConfig(api.kubeconfig());
    values.forEach(install::set);
    return install.call();
  }

  Release upgrade(String release, String namespace, Map<String, Object> values) {
    return upgrade(Chart.DIRECTORY, release, namespace, values);
  }

  Release upgrade(Path chart, String release, String namespace, Map<String, Object> values) {
    UpgradeCommand upgrade =
        new Helm(chart)
            .upgrade()
            .withName(release)
            .withNamespace(namespace)
            .withKubeConfig(api.kubeconfig());
    values.forEach(upgrade::set);
    return upgrade.call();
  }

  String uninstall(String release, String namespace) {
    return Helm.uninstall(release).withNamespace(namespace).withKubeConfig(api.kubeconfig()).call();
  }

  /** Runs {@code helm test}, waiting at most {@code seconds} for the test pods. */
  Release test(String release, String namespace, int seconds) {
    return Helm.test(release)
        .withNamespace(namespace)
        .withKubeConfig(api.kubeconfig())
        .withTimeout(seconds)
        .call();
  }

  /** The full name of a release's objects, when the release name does not contain the chart's. */
  static String fullName(String release) {
    return release + "-neo4j-backup-operator";
  }
}

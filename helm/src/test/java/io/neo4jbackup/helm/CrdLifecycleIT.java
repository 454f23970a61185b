package io.neo4jbackup.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs' life with real Helm on a real API server: {@code helm upgrade} updates them, nothing
 * Helm does deletes them, one release owns them, and a release of the earlier chart (CRDs from
 * {@code crds/}, not the release's) upgrades after the one-time step the chart's README gives. Each
 * test has an API server of its own.
 */
@ExtendWith(ApiServerExtension.class)
class CrdLifecycleIT {

  private static final String OWNERSHIP_REFUSED = "invalid ownership metadata";

  private ApiServer api;
  private Releases releases;

  @TempDir Path charts;

  @BeforeEach
  void connect(ApiServer server) {
    api = server;
    releases = new Releases(api);
  }

  @Test
  void anUpgradeToAChartWithAChangedCrdUpdatesItInTheApiServer() {
    releases.install("backups", "neo4j-backup", Map.of());
    List<HasMetadata> backups = api.createExamples(api.namespace("databases"), "backup-once.yaml");
    long generation = Crds.get(api, Crds.NAMES.get(0)).getMetadata().getGeneration();
    assertThat(Crds.description(api, Crds.NAMES.get(0))).doesNotStartWith(ChartVariants.CHANGED);

    Release upgraded =
        releases.upgrade(
            ChartVariants.withChangedCrdDescription(charts), "backups", "neo4j-backup", Map.of());

    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(Crds.description(api, Crds.NAMES.get(0))).startsWith(ChartVariants.CHANGED);
    assertThat(Crds.get(api, Crds.NAMES.get(0)).getMetadata().getGeneration())
        .isGreaterThan(generation);
    assertStillThere(backups, "databases");
  }

  @Test
  void anUpgradeWithCrdsCreateFalseLeavesTheCrdsAndTheResourcesAndTrueTakesThemBack() {
    releases.install("backups", "neo4j-backup", Map.of());
    List<HasMetadata> created =
        api.createExamples(api.namespace("databases"), "backup-once.yaml", "schedule-nightly.yaml");

    releases.upgrade("backups", "neo4j-backup", Map.of("crds.create", "false"));

    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd)).as(crd).isNotNull();
      assertThat(Crds.get(api, crd).getMetadata().getDeletionTimestamp()).as(crd).isNull();
    }
    assertStillThere(created, "databases");

    Release again =
        releases.upgrade(
            ChartVariants.withChangedCrdDescription(charts),
            "backups",
            "neo4j-backup",
            Map.of("crds.create", "true"));

    assertThat(again.getStatus()).isEqualTo("deployed");
    assertThat(Crds.description(api, Crds.NAMES.get(0))).startsWith(ChartVariants.CHANGED);
    assertStillThere(created, "databases");
  }

  @Test
  void aSecondReleaseInTheClusterInstallsOnlyWithCrdsCreateFalse() {
    api.namespace("team-a");
    releases.install("backups", "neo4j-backup", Map.of());

    assertThatThrownBy(
            () ->
                releases.install(
                    "team-a", "team-a-backups", Map.of("watchNamespaces[0]", "team-a")))
        .hasMessageContaining(OWNERSHIP_REFUSED)
        .hasMessageContaining(Crds.NAMES.get(0));
    Release second =
        releases.install(
            "team-a",
            "team-a-backups",
            Map.of("watchNamespaces[0]", "team-a", "crds.create", "false"));

    assertThat(second.getStatus()).isEqualTo("deployed");
    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd).getMetadata().getAnnotations())
          .as(crd)
          .containsEntry("meta.helm.sh/release-name", "backups")
          .containsEntry("meta.helm.sh/release-namespace", "neo4j-backup");
    }
  }

  /** The chart README's "Installing under another name or namespace after an uninstall". */
  @Test
  void afterAnUninstallAnotherReleaseTakesTheKeptCrdsOnceTheyAreHandedOver() {
    releases.install("backups", "neo4j-backup", Map.of());
    List<HasMetadata> backups = api.createExamples(api.namespace("databases"), "backup-once.yaml");
    releases.uninstall("backups", "neo4j-backup");

    assertThatThrownBy(() -> releases.install("operator", "backup-system", Map.of()))
        .hasMessageContaining(OWNERSHIP_REFUSED);
    for (String crd : Crds.NAMES) {
      api.kubectl(
          "annotate",
          "--overwrite",
          "crd",
          crd,
          "meta.helm.sh/release-name=operator",
          "meta.helm.sh/release-namespace=backup-system");
    }
    Release installed = releases.install("operator", "backup-system", Map.of());

    assertThat(installed.getStatus()).isEqualTo("deployed");
    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd).getMetadata().getAnnotations())
          .as(crd)
          .containsEntry("meta.helm.sh/release-name", "operator")
          .containsEntry("helm.sh/resource-policy", "keep");
    }
    assertStillThere(backups, "databases");
  }

  /**
   * The chart README's "Upgrading a release of the earlier chart": the upgrade is refused and
   * changes nothing until the CRDs are labelled and annotated as the release's; then it takes them
   * over, updates them and keeps them on uninstall.
   */
  @Test
  void aReleaseOfTheEarlierChartUpgradesOnceItsCrdsAreMarkedAsTheReleases() {
    releases.install(
        ChartVariants.earlierLayout(charts.resolve("earlier")), "backups", "ops", Map.of());
    for (String crd : Crds.NAMES) {
      CustomResourceDefinition unowned = Crds.get(api, crd);
      assertThat(unowned).as("%s, from crds/", crd).isNotNull();
      assertThat(unowned.getMetadata().getAnnotations())
          .as(crd)
          .doesNotContainKeys("meta.helm.sh/release-name", "helm.sh/resource-policy");
    }
    List<HasMetadata> created =
        api.createExamples(api.namespace("databases"), "backup-once.yaml", "schedule-nightly.yaml");
    Path changed = ChartVariants.withChangedCrdDescription(charts.resolve("changed"));

    assertThatThrownBy(() -> releases.upgrade(changed, "backups", "ops", Map.of()))
        .hasMessageContaining(OWNERSHIP_REFUSED)
        .hasMessageContaining("app.kubernetes.io/managed-by")
        .hasMessageContaining("meta.helm.sh/release-name");
    assertThat(Crds.description(api, Crds.NAMES.get(0))).doesNotStartWith(ChartVariants.CHANGED);
    assertStillThere(created, "databases");

    for (String crd : Crds.NAMES) {
      api.kubectl("label", "--overwrite", "crd", crd, "app.kubernetes.io/managed-by=Helm");
      api.kubectl(
          "annotate",
          "--overwrite",
          "crd",
          crd,
          "meta.helm.sh/release-name=backups",
          "meta.helm.sh/release-namespace=ops");
    }
    Release upgraded = releases.upgrade(changed, "backups", "ops", Map.of());

    assertThat(upgraded.getStatus()).isEqualTo("deployed");
    assertThat(Crds.description(api, Crds.NAMES.get(0))).startsWith(ChartVariants.CHANGED);
    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd).getMetadata().getAnnotations())
          .as(crd)
          .containsEntry("helm.sh/resource-policy", "keep");
    }
    assertStillThere(created, "databases");

    releases.uninstall("backups", "ops");

    for (String crd : Crds.NAMES) {
      assertThat(Crds.get(api, crd)).as(crd).isNotNull();
    }
    assertStillThere(created, "databases");
  }

  private void assertStillThere(List<HasMetadata> objects, String namespace) {
    for (HasMetadata object : objects) {
      assertThat(api.client().resource(object).inNamespace(namespace).get())
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }
  }
}

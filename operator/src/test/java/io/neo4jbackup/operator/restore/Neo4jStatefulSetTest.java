package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Neo4j StatefulSet as a restore reads it: pod 0's data claim, what is supported, readiness. */
class Neo4jStatefulSetTest {

  @Test
  void podZerosDataIsTheClaimOfTheTemplateMountedAtDataWithItsSubPath() throws Exception {
    assertThat(Neo4jStatefulSet.dataVolume(statefulSet(1, "data", "/data", "data")))
        .isEqualTo(new Neo4jStatefulSet.DataVolume("data-graph-0", "data"));
    assertThat(Neo4jStatefulSet.dataVolume(statefulSet(1, "store", "/data/", null)))
        .isEqualTo(new Neo4jStatefulSet.DataVolume("store-graph-0", ""));
  }

  @Test
  void neo4jsHelmChartMountsTheClaimWithSubPathExprData() throws Exception {
    StatefulSet chart = statefulSet(1, "data", "/data", null);
    mount(chart).setSubPathExpr("data");

    assertThat(Neo4jStatefulSet.dataVolume(chart))
        .isEqualTo(new Neo4jStatefulSet.DataVolume("data-graph-0", "data"));
  }

  @Test
  void aSubPathExprIsExpandedForPodZeroFromItsNameAndLiteralVariables() throws Exception {
    StatefulSet set = statefulSet(1, "data", "/data", null);
    set.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setEnv(
            List.of(
                new EnvVarBuilder()
                    .withName("POD_NAME")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.name")
                    .endFieldRef()
                    .endValueFrom()
                    .build(),
                new EnvVarBuilder().withName("ROOT").withValue("neo4j").build()));
    mount(set).setSubPathExpr("$(ROOT)/data/$(POD_NAME)");

    assertThat(Neo4jStatefulSet.dataVolume(set).subPath()).isEqualTo("neo4j/data/graph-0");
  }

  @Test
  void aSubPathExprWithAVariableThatCannotBeKnownIsUnsupported() {
    StatefulSet set = statefulSet(1, "data", "/data", null);
    mount(set).setSubPathExpr("data/$(NODE_NAME)");

    assertThatThrownBy(() -> Neo4jStatefulSet.dataVolume(set))
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("subPathExpr data/$(NODE_NAME)")
        .hasMessageContaining("$(NODE_NAME) is not a variable of container neo4j");
  }

  @Test
  void aPersistentVolumeClaimVolumeAtDataIsThatClaim() throws Exception {
    StatefulSet set = statefulSet(1, "unused", "/logs", null);
    set.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(new VolumeMountBuilder().withName("store").withMountPath("/data").build());
    set.getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new VolumeBuilder()
                    .withName("store")
                    .withNewPersistentVolumeClaim()
                    .withClaimName("graph-data")
                    .endPersistentVolumeClaim()
                    .build()));

    assertThat(Neo4jStatefulSet.dataVolume(set))
        .isEqualTo(new Neo4jStatefulSet.DataVolume("graph-data", ""));
  }

  @Test
  void severalReplicasAndOtherLayoutsAreUnsupportedSayingWhatIs() {
    assertThatThrownBy(() -> Neo4jStatefulSet.dataVolume(statefulSet(2, "data", "/data", "data")))
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("Neo4j Community does not cluster");
    assertThatThrownBy(
            () -> Neo4jStatefulSet.dataVolume(statefulSet(1, "data", "/var/lib/neo4j", "data")))
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("mounts no volumeClaimTemplate or PersistentVolumeClaim at /data");
    StatefulSet scratch = statefulSet(1, "data", "/logs", null);
    scratch
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .add(new VolumeMountBuilder().withName("scratch").withMountPath("/data").build());
    scratch
        .getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build()));
    assertThatThrownBy(() -> Neo4jStatefulSet.dataVolume(scratch))
        .as("an emptyDir is not restored into: it dies with the pod")
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("mounts no volumeClaimTemplate or PersistentVolumeClaim at /data");
  }

  @Test
  void readyMeansTheReplicasReadyForItsCurrentGeneration() {
    StatefulSet set = statefulSet(1, "data", "/data", "data");
    set.getMetadata().setGeneration(3L);

    assertThat(Neo4jStatefulSet.ready(set, 0)).as("nothing to wait for").isTrue();
    assertThat(Neo4jStatefulSet.ready(set, 1)).as("no status yet").isFalse();
    set.setStatus(
        new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
            .withObservedGeneration(2L)
            .withReadyReplicas(1)
            .build());
    assertThat(Neo4jStatefulSet.ready(set, 1)).as("an older generation's pods").isFalse();
    set.getStatus().setObservedGeneration(3L);
    assertThat(Neo4jStatefulSet.ready(set, 1)).isTrue();
  }

  private static VolumeMount mount(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().get(0);
  }

  private static StatefulSet statefulSet(
      int replicas, String template, String mountPath, String subPath) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("graph")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("neo4j")
        .addNewVolumeMount()
        .withName(template)
        .withMountPath(mountPath)
        .withSubPath(subPath)
        .endVolumeMount()
        .endContainer()
        .endSpec()
        .endTemplate()
        .addNewVolumeClaimTemplate()
        .withNewMetadata()
        .withName(template)
        .endMetadata()
        .endVolumeClaimTemplate()
        .endSpec()
        .build();
  }
}

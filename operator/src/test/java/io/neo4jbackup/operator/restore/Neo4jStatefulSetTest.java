package io.neo4jbackup.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
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
  void severalReplicasAndOtherLayoutsAreUnsupportedSayingWhatIs() {
    assertThatThrownBy(() -> Neo4jStatefulSet.dataVolume(statefulSet(2, "data", "/data", "data")))
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("Neo4j Community does not cluster");
    assertThatThrownBy(
            () -> Neo4jStatefulSet.dataVolume(statefulSet(1, "data", "/var/lib/neo4j", "data")))
        .isInstanceOf(Neo4jStatefulSet.Unsupported.class)
        .hasMessageContaining("mounts no volumeClaimTemplate at /data");
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

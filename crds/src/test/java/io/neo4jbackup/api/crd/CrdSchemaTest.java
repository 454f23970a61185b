package io.neo4jbackup.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import io.neo4jbackup.api.v1alpha1.Patterns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What the generated CRDs promise their users, read from the YAML the build generated. */
class CrdSchemaTest {

  static final List<Class<? extends HasMetadata>> RESOURCES = GenerateCrds.RESOURCES;

  /**
   * Fields of Kubernetes' own types (as in a Pod): their fields are described by {@code kubectl
   * explain pod.spec...}, not by this API.
   */
  private static final Set<String> KUBERNETES_TYPES =
      Set.of(
          "affinity",
          "tolerations",
          "resources",
          "securityContext",
          "containerSecurityContext",
          "imagePullSecrets");

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void everyFieldHasADescriptionForKubectlExplain(Class<? extends HasMetadata> resource) {
    JSONSchemaProps schema = version(resource).getSchema().getOpenAPIV3Schema();
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(HasMetadata.getKind(resource), schema, undescribed);
    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @ParameterizedTest
  @FieldSource("RESOURCES")
  void statusIsASubresourceThatOnlyTheOperatorWrites(Class<? extends HasMetadata> resource) {
    assertThat(version(resource).getSubresources().getStatus()).isNotNull();
  }

  @Test
  void aBackupsSpecCannotChangeOnceCreated() {
    JSONSchemaProps spec = spec(Neo4jBackup.class);
    assertThat(spec.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .contains("self == oldSelf");
  }

  @Test
  void onlyAFullBackupMayReplaceAnotherAndOnlyWhenAskedTo() {
    JSONSchemaProps spec = spec(Neo4jBackup.class);
    JSONSchemaProps replace = spec.getProperties().get("replace");

    assertThat(replace.getType()).isEqualTo("boolean");
    assertThat(replace.getDefault().asBoolean()).isFalse();
    assertThat(replace.getDescription()).contains("mode Full", "another database");
    assertThat(spec.getXKubernetesValidations())
        .filteredOn(rule -> rule.getRule().contains("self.replace"))
        .singleElement()
        .satisfies(rule -> assertThat(rule.getRule()).contains("self.mode == 'Full'"))
        .satisfies(
            rule -> assertThat(rule.getMessage()).contains("replace: true needs mode: Full"));
  }

  @Test
  void theDatabaseIsCheckedAndDescribedAsNeo4jNamesDatabases() {
    JSONSchemaProps database = spec(Neo4jBackup.class).getProperties().get("database");

    assertThat(database.getPattern()).isEqualTo(Patterns.DATABASE_NAME);
    assertThat(database.getDescription())
        .contains("3 to 63", "starting with a letter", "`system`", "lower case");
  }

  @Test
  void namesLeaveRoomForTheBackupJobAndTheSchedulesBackups() {
    assertThat(rootRules(Neo4jBackup.class)).containsExactly("size(self.metadata.name) <= 63");
    assertThat(rootRules(Neo4jBackupSchedule.class))
        .containsExactly("size(self.metadata.name) <= 52");
  }

  private static List<String> rootRules(Class<? extends HasMetadata> resource) {
    return version(resource).getSchema().getOpenAPIV3Schema().getXKubernetesValidations().stream()
        .map(ValidationRule::getRule)
        .toList();
  }

  @Test
  void aTargetIsAClaimsDirectoryOrAnObjectStoreNeverBoth() {
    for (JSONSchemaProps target :
        List.of(
            spec(Neo4jBackup.class).getProperties().get("target"),
            spec(Neo4jBackupSchedule.class)
                .getProperties()
                .get("backupTemplate")
                .getProperties()
                .get("spec")
                .getProperties()
                .get("target"))) {
      assertThat(target.getRequired()).isNullOrEmpty();
      assertThat(target.getXKubernetesValidations())
          .extracting(ValidationRule::getMessage)
          .containsExactly("give either claimName and path, or objectStore");
      JSONSchemaProps objectStore = target.getProperties().get("objectStore");
      assertThat(objectStore.getRequired()).containsExactly("bucket");
      assertThat(objectStore.getProperties())
          .containsOnlyKeys(
              "bucket",
              "prefix",
              "endpoint",
              "region",
              "pathStyle",
              "credentials",
              "caBundle",
              "encryption",
              "compression",
              "workVolume");
      assertThat(objectStore.getProperties().get("compression").getEnum())
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder("None", "Zstd", "Lz4");
      assertThat(objectStore.getProperties().get("pathStyle").getDefault().asBoolean()).isFalse();
      assertThat(objectStore.getProperties().get("credentials").getRequired())
          .containsExactly("secretName");
      assertThat(
              objectStore
                  .getProperties()
                  .get("caBundle")
                  .getProperties()
                  .get("key")
                  .getDefault()
                  .asText())
          .isEqualTo("ca.crt");
      assertThat(
              objectStore
                  .getProperties()
                  .get("workVolume")
                  .getProperties()
                  .get("sizeLimit")
                  .getXKubernetesIntOrString())
          .isTrue();
      assertThat(objectStore.getProperties().values())
          .allSatisfy(p -> assertThat(p.getDescription()).isNotBlank());
    }
  }

  @Test
  void aSchedulesSpecAndTemplateStayEditable() {
    JSONSchemaProps spec = spec(Neo4jBackupSchedule.class);
    JSONSchemaProps template =
        spec.getProperties().get("backupTemplate").getProperties().get("spec");
    assertThat(spec.getXKubernetesValidations()).isNullOrEmpty();
    assertThat(template.getXKubernetesValidations()).isNullOrEmpty();
    assertThat(template.getProperties())
        .as("the schedule picks the mode")
        .doesNotContainKey("mode");
  }

  @Test
  void aRestoresSpecCannotChangeOnceCreatedAndItsSourceIsOneBackupAndOnePoint() {
    JSONSchemaProps spec = spec(Neo4jRestore.class);
    assertThat(spec.getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactly("self == oldSelf");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("source", "target");
    JSONSchemaProps source = spec.getProperties().get("source");
    assertThat(source.getXKubernetesValidations())
        .extracting(ValidationRule::getMessage)
        .containsExactly(
            "give either backup, or claimName and path, or objectStore",
            "chain goes with objectStore",
            "give until or untilTransaction, not both");
    assertThat(source.getProperties()).containsKeys("objectStore", "chain");
    JSONSchemaProps target = spec.getProperties().get("target");
    assertThat(target.getRequired()).containsExactly("statefulSet");
    assertThat(target.getProperties().get("keepPrevious").getDefault().asBoolean()).isTrue();
    assertThat(spec.getProperties().get("verify").getDefault().asBoolean()).isFalse();
  }

  @Test
  void restoreColumnsShowPhaseStatefulSetSourceRestoredTransactionAndAge() {
    assertThat(columns(Neo4jRestore.class, 0))
        .containsExactly("Phase", "StatefulSet", "Source", "Restored Tx", "Age");
    assertThat(columns(Neo4jRestore.class, 1))
        .containsExactly("Reason", "Database", "Restored Time");
    assertThat(rootRules(Neo4jRestore.class)).containsExactly("size(self.metadata.name) <= 63");
  }

  @Test
  void backupColumnsShowPhaseModeLastTransactionAndAge() {
    assertThat(columns(Neo4jBackup.class, 0))
        .containsExactly("Phase", "Mode", "Last Tx", "Reason", "Age");
    assertThat(columns(Neo4jBackup.class, 1))
        .containsExactly("From", "Claim", "Path", "Chain", "Duration", "Verified", "Drill Passed");
  }

  @Test
  void scheduleColumnsShowScheduleSuspendedLastSuccessRecoverableFromAndNextRun() {
    assertThat(columns(Neo4jBackupSchedule.class, 0))
        .containsExactly(
            "Schedule", "Suspended", "Last Success", "Recoverable From", "Next Run", "Age");
    assertThat(columns(Neo4jBackupSchedule.class, 1))
        .containsExactly(
            "Time Zone", "Last Failure", "Last Tx", "Last Drill", "Drill Passed", "Recoverable To");
  }

  @Test
  void theRecoveryWindowColumnsAreAgesOfTheSchedulesWindow() {
    assertThat(version(Neo4jBackupSchedule.class).getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().startsWith("Recoverable"))
        .extracting(
            CustomResourceColumnDefinition::getName,
            CustomResourceColumnDefinition::getJsonPath,
            CustomResourceColumnDefinition::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Recoverable From", ".status.recoveryWindow.firstRecoverableTime", "date"),
            org.assertj.core.groups.Tuple.tuple(
                "Recoverable To", ".status.recoveryWindow.lastRecoverableTime", "date"));
  }

  @Test
  void backupsChainsAndSchedulesShowTheRecoveryWindow() {
    JSONSchemaProps backup = status(Neo4jBackup.class);
    JSONSchemaProps chain = status(Neo4jBackupSchedule.class).getProperties().get("chains");
    JSONSchemaProps window =
        status(Neo4jBackupSchedule.class).getProperties().get("recoveryWindow");
    for (JSONSchemaProps holder : List.of(backup, chain.getItems().getSchema(), window)) {
      assertThat(holder.getProperties().get("firstRecoverableTime").getType()).isEqualTo("string");
      assertThat(holder.getProperties().get("lastRecoverableTime").getType()).isEqualTo("string");
      assertThat(holder.getProperties().get("firstRecoverableTxId").getType()).isEqualTo("integer");
      assertThat(holder.getProperties().get("lastRecoverableTxId").getType()).isEqualTo("integer");
    }
    assertThat(window.getProperties().get("chains").getDescription())
        .contains("not restore points");
  }

  @Test
  void retentionKeepsChainsByCountOrByAgeWhicheverKeepsMore() {
    JSONSchemaProps retention = spec(Neo4jBackupSchedule.class).getProperties().get("retention");
    JSONSchemaProps keepWithin = retention.getProperties().get("keepWithin");

    assertThat(keepWithin.getType()).isEqualTo("string");
    assertThat(keepWithin.getPattern()).isEqualTo(Patterns.DURATION);
    assertThat(keepWithin.getDescription())
        .contains("`30d`", "lastRecoverableTime", "unless `keepChains` keeps it", "never deleted");
    assertThat(retention.getDescription()).contains("kept while either keeps it");
  }

  @Test
  void resourcesAreNamespacedAndShareTheNeo4jCategory() {
    for (var resource : RESOURCES) {
      CustomResourceDefinition crd = crd(resource);
      assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
      assertThat(crd.getSpec().getNames().getCategories()).containsExactly("neo4j");
    }
  }

  private static void collectUndescribed(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, property) -> {
                String at = path + "." + name;
                if (isBlank(property.getDescription())) {
                  out.add(at);
                }
                if (!KUBERNETES_TYPES.contains(name)) {
                  collectUndescribed(at, property, out);
                }
              });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndescribed(path + "[]", schema.getItems().getSchema(), out);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static List<String> columns(Class<? extends HasMetadata> resource, int priority) {
    return version(resource).getAdditionalPrinterColumns().stream()
        .filter(c -> c.getPriority() == priority)
        .map(CustomResourceColumnDefinition::getName)
        .toList();
  }

  private static JSONSchemaProps status(Class<? extends HasMetadata> resource) {
    return version(resource).getSchema().getOpenAPIV3Schema().getProperties().get("status");
  }

  private static JSONSchemaProps spec(Class<? extends HasMetadata> resource) {
    return version(resource).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  private static CustomResourceDefinitionVersion version(Class<? extends HasMetadata> resource) {
    return crd(resource).getSpec().getVersions().get(0);
  }

  static CustomResourceDefinition crd(Class<? extends HasMetadata> resource) {
    Path file =
        Path.of(System.getProperty("crds.generated.dir")).resolve(GenerateCrds.fileName(resource));
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}

package io.neo4jbackup.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neo4jbackup.api.v1alpha1.BackupTemplateSpec;
import io.neo4jbackup.api.v1alpha1.ImagePullPolicy;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec;
import io.neo4jbackup.api.v1alpha1.SharedSecretReference;
import io.neo4jbackup.api.v1alpha1.Target;
import io.neo4jbackup.api.v1alpha1.TlsSettings;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupJobTest {

  private static final OperatorConfig CONFIG =
      new OperatorConfig("local/neo4j-backup:0.1.0", "cluster.local");

  @Test
  void isNamedAfterTheBackupInItsNamespaceAndOwnedByIt() {
    Job job = BackupJob.desired(backup("nightly-1", "db", spec()), CONFIG);

    assertThat(job.getMetadata().getName()).isEqualTo("nightly-1");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("db");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("neo4jbackup.io/v1alpha1");
              assertThat(owner.getKind()).isEqualTo("Neo4jBackup");
              assertThat(owner.getName()).isEqualTo("nightly-1");
              assertThat(owner.getUid()).isEqualTo("uid-nightly-1");
              assertThat(owner.getController()).isTrue();
              assertThat(owner.getBlockOwnerDeletion()).isTrue();
            });
    assertThat(job.getMetadata().getLabels())
        .containsEntry("neo4jbackup.io/backup", "nightly-1")
        .containsEntry("app.kubernetes.io/managed-by", "neo4j-backup-operator");
  }

  @Test
  void runsTheOperatorsEngineImageWithTheSpecsArgumentsAndTheTargetClaimMounted() {
    Job job = BackupJob.desired(backup("nightly-1", "db", spec()), CONFIG);
    Container container = container(job);

    assertThat(container.getName()).isEqualTo("neo4j-backup");
    assertThat(container.getImage()).isEqualTo("local/neo4j-backup:0.1.0");
    assertThat(container.getImagePullPolicy()).isNull();
    assertThat(container.getCommand())
        .containsExactly(
            "/bin/sh",
            "-c",
            "exec neo4j-backup \"$@\" > /dev/termination-log",
            "neo4j-backup",
            "-from",
            "single://neo4j.db.svc.cluster.local:6362",
            "-to",
            "/backup/neo4j/nightly",
            "-database",
            "neo4j",
            "-json");
    assertThat(container.getArgs()).isEmpty();
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(volume(job, "target").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("neo4j-backups");
    assertThat(mount(container, "target").getMountPath()).isEqualTo("/backup");
    assertThat(mount(container, "target").getSubPath()).isNull();
  }

  @Test
  void runsOncePerPodAsARestrictedNonRootPodWithAWritableTmpOnly() {
    Job job = BackupJob.desired(backup("nightly-1", "db", spec()), CONFIG);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = container(job);

    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(7474L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(7474L);
    assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isEmpty();
    assertThat(volume(job, "tmp").getEmptyDir()).isNotNull();
    assertThat(mount(container, "tmp").getMountPath()).isEqualTo("/tmp");
  }

  @Test
  void takesTheCrdsDefaultsForWhatTheSpecLeavesOut() {
    Job job = BackupJob.desired(backup("nightly-1", "db", spec()), CONFIG);

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(21600L);
    assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(Volume::getName)
        .containsExactly("target", "tmp");
  }

  @ParameterizedTest(name = "{0}.{1} defaults to {2}")
  @CsvSource({
    "io.neo4jbackup.api.v1alpha1.JobSettings, backoffLimit, " + BackupJob.DEFAULT_BACKOFF_LIMIT,
    "io.neo4jbackup.api.v1alpha1.JobSettings, activeDeadlineSeconds, "
        + BackupJob.DEFAULT_ACTIVE_DEADLINE_SECONDS,
    "io.neo4jbackup.api.v1alpha1.BackupTemplateSpec, database, " + DatabaseName.DEFAULT,
    "io.neo4jbackup.api.v1alpha1.Neo4jBackupSpec, mode, Auto",
    "io.neo4jbackup.api.v1alpha1.SharedSecretReference, key, "
        + SecretVolumes.DEFAULT_SHARED_SECRET_KEY,
  })
  void theDefaultsForFieldsLeftOutAreTheCrds(String model, String field, String operatorDefault)
      throws ReflectiveOperationException {
    Default crdDefault = Class.forName(model).getDeclaredField(field).getAnnotation(Default.class);

    assertThat(crdDefault.value()).isEqualTo(operatorDefault);
  }

  @Test
  void carriesThePodSettingsOfTheSpec() {
    Neo4jBackupSpec spec = spec();
    JobSettings settings = new JobSettings();
    settings.setImagePullPolicy(ImagePullPolicy.IfNotPresent);
    settings.setImagePullSecrets(List.of(new LocalObjectReference("registry")));
    settings.setResources(
        new ResourceRequirementsBuilder()
            .addToRequests("memory", new Quantity("4Gi"))
            .addToLimits("memory", new Quantity("4Gi"))
            .build());
    settings.setNodeSelector(Map.of("kubernetes.io/os", "linux"));
    settings.setTolerations(
        List.of(
            new TolerationBuilder()
                .withKey("dedicated")
                .withOperator("Equal")
                .withValue("backups")
                .withEffect("NoSchedule")
                .build()));
    settings.setAffinity(
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("zone")
            .withOperator("In")
            .withValues("a")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build());
    settings.setPriorityClassName("low");
    settings.setPodLabels(Map.of("team", "graph", "neo4jbackup.io/backup", "spoofed"));
    settings.setPodAnnotations(Map.of("sidecar.istio.io/inject", "false"));
    settings.setBackoffLimit(0);
    settings.setActiveDeadlineSeconds(3000L);
    spec.setJob(settings);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), CONFIG);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = container(job);

    assertThat(container.getImage()).isEqualTo("local/neo4j-backup:0.1.0");
    assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container.getResources()).isEqualTo(settings.getResources());
    assertThat(pod.getImagePullSecrets()).isEqualTo(settings.getImagePullSecrets());
    assertThat(pod.getNodeSelector()).isEqualTo(settings.getNodeSelector());
    assertThat(pod.getTolerations()).isEqualTo(settings.getTolerations());
    assertThat(pod.getAffinity()).isEqualTo(settings.getAffinity());
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(pod.getPriorityClassName()).isEqualTo("low");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "graph")
        .containsEntry("neo4jbackup.io/backup", "nightly-1");
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false")
        .containsOnlyKeys("sidecar.istio.io/inject", BackupJob.TARGET_ANNOTATION);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3000L);
  }

  @Test
  void runsTheOperatorsImageAsItsServiceAccountWithItsSecurityContexts() {
    OperatorConfig config =
        new OperatorConfig(
            "registry.example/engine@sha256:abc",
            "Always",
            "neo4j-backup",
            new PodSecurityContextBuilder().withRunAsNonRoot(true).withFsGroup(1000L).build(),
            new SecurityContextBuilder().withReadOnlyRootFilesystem(true).build(),
            java.util.Set.of(),
            "cluster.local",
            8080);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec()), config);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(container(job).getImage()).isEqualTo("registry.example/engine@sha256:abc");
    assertThat(container(job).getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getServiceAccountName()).isEqualTo("neo4j-backup");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext())
        .isEqualTo(
            new PodSecurityContextBuilder().withRunAsNonRoot(true).withFsGroup(1000L).build());
    assertThat(container(job).getSecurityContext())
        .isEqualTo(new SecurityContextBuilder().withReadOnlyRootFilesystem(true).build());
  }

  @Test
  void theSpecMayTightenTheOperatorsSecurityContextsFieldByField() {
    Neo4jBackupSpec spec = spec();
    JobSettings settings = new JobSettings();
    settings.setSecurityContext(
        new PodSecurityContextBuilder()
            .withRunAsUser(1000L)
            .withFsGroup(2000L)
            .withSupplementalGroups(3000L)
            .withNewSeccompProfile()
            .withType("Localhost")
            .withLocalhostProfile("profiles/neo4j-backup.json")
            .endSeccompProfile()
            .build());
    settings.setContainerSecurityContext(
        new SecurityContextBuilder()
            .withRunAsUser(1000L)
            .withNewCapabilities()
            .withDrop("NET_RAW")
            .endCapabilities()
            .withPrivileged(false)
            .withProcMount("Default")
            .build());
    spec.setJob(settings);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), CONFIG);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(2000L);
    assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(3000L);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Localhost");
    assertThat(container(job).getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(container(job).getSecurityContext().getPrivileged()).isFalse();
    assertThat(container(job).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container(job).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container(job).getSecurityContext().getCapabilities().getDrop())
        .containsExactly("ALL", "NET_RAW");
    assertThat(container(job).getSecurityContext().getCapabilities().getAdd()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          securityContext.runAsNonRoot is false                    | {"securityContext": {"runAsNonRoot": false}}
          securityContext.runAsUser is 0 (root)                    | {"securityContext": {"runAsUser": 0}}
          securityContext.runAsGroup is 0 (root)                   | {"securityContext": {"runAsGroup": 0}}
          securityContext.fsGroup is 0 (root)                      | {"securityContext": {"fsGroup": 0}}
          securityContext.supplementalGroups holds 0 (root)        | {"securityContext": {"supplementalGroups": [1000, 0]}}
          securityContext.seccompProfile is Unconfined             | {"securityContext": {"seccompProfile": {"type": "Unconfined"}}}
          securityContext.appArmorProfile is Unconfined            | {"securityContext": {"appArmorProfile": {"type": "Unconfined"}}}
          securityContext.seLinuxOptions is set                    | {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}}
          securityContext.sysctls is set                           | {"securityContext": {"sysctls": [{"name": "net.core.somaxconn", "value": "1024"}]}}
          securityContext.windowsOptions is set                    | {"securityContext": {"windowsOptions": {"hostProcess": true}}}
          containerSecurityContext.privileged is true              | {"containerSecurityContext": {"privileged": true}}
          containerSecurityContext.allowPrivilegeEscalation is true | {"containerSecurityContext": {"allowPrivilegeEscalation": true}}
          containerSecurityContext.readOnlyRootFilesystem is false | {"containerSecurityContext": {"readOnlyRootFilesystem": false}}
          containerSecurityContext.runAsNonRoot is false           | {"containerSecurityContext": {"runAsNonRoot": false}}
          containerSecurityContext.runAsUser is 0 (root)           | {"containerSecurityContext": {"runAsUser": 0}}
          containerSecurityContext.runAsGroup is 0 (root)          | {"containerSecurityContext": {"runAsGroup": 0}}
          containerSecurityContext.capabilities.add adds [SYS_ADMIN] | {"containerSecurityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}}
          containerSecurityContext.procMount is Unmasked           | {"containerSecurityContext": {"procMount": "Unmasked"}}
          containerSecurityContext.seccompProfile is Unconfined    | {"containerSecurityContext": {"seccompProfile": {"type": "Unconfined"}}}
          containerSecurityContext.appArmorProfile is Unconfined   | {"containerSecurityContext": {"appArmorProfile": {"type": "Unconfined"}}}
          containerSecurityContext.seLinuxOptions is set           | {"containerSecurityContext": {"seLinuxOptions": {"level": "s0:c1"}}}
          containerSecurityContext.windowsOptions is set           | {"containerSecurityContext": {"windowsOptions": {"runAsUserName": "ContainerAdministrator"}}}
          podAnnotations sets container.apparmor.security.beta.kubernetes.io/neo4j-backup: unconfined | {"podAnnotations": {"container.apparmor.security.beta.kubernetes.io/neo4j-backup": "unconfined"}}
          podAnnotations sets seccomp.security.alpha.kubernetes.io/pod: unconfined | {"podAnnotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}
          """)
  void aSpecThatWouldLoosenTheSecurityContextsIsRefusedNamingTheField(
      String field, String jobSettings) throws Exception {
    Neo4jBackupSpec spec = spec();
    spec.setJob(
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(jobSettings, JobSettings.class));

    assertThatThrownBy(() -> BackupJob.desired(backup("nightly-1", "db", spec), CONFIG))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.job." + field)
        .hasMessageContaining("may only tighten");
  }

  @Test
  void aValueTheOperatorsOwnContextAlreadyHasIsNoLoosening() {
    OperatorConfig config =
        new OperatorConfig(
            "local/engine:1",
            null,
            null,
            null,
            new SecurityContextBuilder().withReadOnlyRootFilesystem(false).build(),
            java.util.Set.of(),
            "cluster.local",
            8080);
    Neo4jBackupSpec spec = spec();
    JobSettings settings = new JobSettings();
    settings.setContainerSecurityContext(
        new SecurityContextBuilder().withReadOnlyRootFilesystem(false).build());
    spec.setJob(settings);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), config);

    assertThat(container(job).getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
  }

  @Test
  void mountsTheTlsAndSharedSecretSecretsReadOnlyAtFixedPaths() {
    Neo4jBackupSpec spec = spec();
    TlsSettings tls = new TlsSettings();
    tls.setSecretName("neo4j-backup-tls");
    tls.setServerName("neo4j.graph.svc.cluster.local");
    spec.setTls(tls);
    SharedSecretReference sharedSecret = new SharedSecretReference();
    sharedSecret.setSecretName("neo4j-backup-auth");
    sharedSecret.setKey("token");
    spec.setSharedSecret(sharedSecret);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), CONFIG);
    Container container = container(job);

    assertThat(volume(job, "tls").getSecret().getSecretName()).isEqualTo("neo4j-backup-tls");
    assertThat(volume(job, "tls").getSecret().getDefaultMode()).isEqualTo(0440);
    assertThat(mount(container, "tls").getMountPath()).isEqualTo("/etc/neo4j-backup/tls");
    assertThat(mount(container, "tls").getReadOnly()).isTrue();
    assertThat(volume(job, "shared-secret").getSecret().getSecretName())
        .isEqualTo("neo4j-backup-auth");
    assertThat(volume(job, "shared-secret").getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("token");
              assertThat(mount(container, "shared-secret").getMountPath() + "/" + item.getPath())
                  .isEqualTo(SecretVolumes.SHARED_SECRET_FILE);
            });
    assertThat(mount(container, "shared-secret").getReadOnly()).isTrue();
  }

  @Test
  void pointsTheEnginesTlsAndSharedSecretOptionsAtTheMountedFiles() {
    Neo4jBackupSpec spec = spec();
    TlsSettings tls = new TlsSettings();
    tls.setSecretName("neo4j-backup-tls");
    tls.setServerName("neo4j.graph.svc.cluster.local");
    spec.setTls(tls);
    SharedSecretReference sharedSecret = new SharedSecretReference();
    sharedSecret.setSecretName("neo4j-backup-auth");
    spec.setSharedSecret(sharedSecret);

    List<String> command =
        container(BackupJob.desired(backup("nightly-1", "db", spec), CONFIG)).getCommand();

    assertThat(command.get(2)).isEqualTo(EngineCommand.TLS_SCRIPT);
    assertThat(command)
        .containsSequence(
            "-tls",
            "-tls-ca",
            "/etc/neo4j-backup/tls/ca.crt",
            "-tls-server-name",
            "neo4j.graph.svc.cluster.local")
        .containsSequence("-secret-file", SecretVolumes.SHARED_SECRET_FILE)
        .doesNotContain("-tls-cert", "-tls-key");
  }

  @Test
  void speaksTlsWithoutAServerNameAndWithoutSharedSecretWhenTheSpecSaysSo() {
    Neo4jBackupSpec spec = spec();
    TlsSettings tls = new TlsSettings();
    tls.setSecretName("neo4j-backup-tls");
    spec.setTls(tls);

    List<String> command =
        container(BackupJob.desired(backup("nightly-1", "db", spec), CONFIG)).getCommand();

    assertThat(command).containsSequence("-tls", "-tls-ca", "/etc/neo4j-backup/tls/ca.crt");
    assertThat(command).doesNotContain("-tls-server-name", "-secret-file");
  }

  @Test
  void speaksPlainProtocolWithoutTlsOrSharedSecret() {
    List<String> command =
        container(BackupJob.desired(backup("nightly-1", "db", spec()), CONFIG)).getCommand();

    assertThat(command.get(2)).isEqualTo(EngineCommand.SCRIPT);
    assertThat(command).doesNotContain("-tls", "-tls-ca", "-secret-file");
  }

  @Test
  void pullsTheEngineImageAsTheSpecSaysOrElseAsTheOperatorSays() {
    OperatorConfig config =
        new OperatorConfig(
            "local/engine:1", "Never", null, null, null, java.util.Set.of(), "cluster.local", 8080);
    assertThat(
            container(BackupJob.desired(backup("nightly-1", "db", spec()), config))
                .getImagePullPolicy())
        .isEqualTo("Never");

    Neo4jBackupSpec always = spec();
    JobSettings settings = new JobSettings();
    settings.setImagePullPolicy(ImagePullPolicy.Always);
    always.setJob(settings);
    assertThat(
            container(BackupJob.desired(backup("nightly-1", "db", always), config))
                .getImagePullPolicy())
        .isEqualTo("Always");
  }

  @Test
  void readsASharedSecretFromKeySecretWhenTheSpecNamesNoKey() {
    Neo4jBackupSpec spec = spec();
    SharedSecretReference sharedSecret = new SharedSecretReference();
    sharedSecret.setSecretName("neo4j-backup-auth");
    spec.setSharedSecret(sharedSecret);

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), CONFIG);

    assertThat(volume(job, "shared-secret").getSecret().getItems().get(0).getKey())
        .isEqualTo("secret");
  }

  @Test
  void completesServiceNamesWithTheBackupsNamespaceAndTheClusterDomain() {
    Neo4jBackupSpec spec = spec();
    spec.setFrom("ha://neo4j-0.neo4j,neo4j-1.neo4j:7000,10.0.0.9");

    Job job =
        BackupJob.desired(
            backup("nightly-1", "graph", spec), new OperatorConfig("engine:1", "k8s.example"));

    assertThat(container(job).getCommand())
        .containsSequence(
            "-from",
            "ha://neo4j-0.neo4j.svc.k8s.example:6362,neo4j-1.neo4j.svc.k8s.example:7000,10.0.0.9:6362");
  }

  @Test
  void annotatesItsPodsWithTheTargetTheSameForEverySpellingOfIt() {
    Neo4jBackupSpec spec = spec();
    spec.getTarget().setPath("/" + spec.getTarget().getPath());

    Job job = BackupJob.desired(backup("nightly-1", "db", spec), CONFIG);

    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(BackupJob.TARGET_ANNOTATION, BackupJob.target(spec()))
        .containsEntry(
            BackupJob.TARGET_ANNOTATION,
            spec.getTarget().getClaimName() + ":/backup/neo4j/nightly");
  }

  @Test
  void isTheSameJobEveryTime() {
    Neo4jBackup backup = backup("nightly-1", "db", spec());

    assertThat(BackupJob.desired(backup, CONFIG)).isEqualTo(BackupJob.desired(backup, CONFIG));
  }

  @ParameterizedTest(name = "from {0}, path {1}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          neo4j:6362       | neo4j      | spec.from: invalid backup URI 'neo4j:6362': it must start with
          single://neo4j:0 | neo4j      | spec.from: invalid backup URI 'single://neo4j:0': port 0 is outside
          single://neo4j   | ../neo4j   | spec.target.path '../neo4j' is not usable: '..' segments
          single://neo4j   | /          | spec.target.path '/' is not usable: the claim's root
          single://neo4j   | neo4j      | spec.database 'systemdb' is not a Neo4j database name
          """)
  void refusesASpecItCannotRunSayingWhichField(String from, String path, String message) {
    Neo4jBackupSpec spec = spec();
    spec.setFrom(from);
    spec.getTarget().setPath(path);
    if (message.startsWith("spec.database")) {
      spec.setDatabase("systemdb");
    }

    assertThatThrownBy(() -> BackupJob.desired(backup("nightly-1", "db", spec), CONFIG))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(message);
  }

  private static Neo4jBackupSpec spec() {
    Neo4jBackupSpec spec = new Neo4jBackupSpec();
    spec.setFrom("single://neo4j");
    Target target = new Target();
    target.setClaimName("neo4j-backups");
    target.setPath("neo4j/nightly");
    spec.setTarget(target);
    return spec;
  }

  private static Neo4jBackup backup(String name, String namespace, BackupTemplateSpec spec) {
    Neo4jBackup backup = new Neo4jBackup();
    backup.getMetadata().setName(name);
    backup.getMetadata().setNamespace(namespace);
    backup.getMetadata().setUid("uid-" + name);
    backup.setSpec((Neo4jBackupSpec) spec);
    return backup;
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Volume volume(Job job, String name) {
    return job.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static VolumeMount mount(Container container, String name) {
    return container.getVolumeMounts().stream()
        .filter(mount -> mount.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}

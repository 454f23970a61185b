package io.neo4jbackup.api.crd;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neo4jbackup.api.v1alpha1.Neo4jBackup;
import io.neo4jbackup.api.v1alpha1.Neo4jBackupSchedule;
import io.neo4jbackup.api.v1alpha1.Neo4jRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Generates the CRD YAML from the model with Fabric8's CRD generator, and with {@code
 * -Dcrds.update} copies it over the CRDs committed in the Helm chart (files/crds/, which the
 * chart's templates/crds.yaml includes). The build runs it; see crds/pom.xml.
 */
public final class GenerateCrds {

  /** The custom resources of the API, in the order a reader meets them. */
  public static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(Neo4jBackup.class, Neo4jBackupSchedule.class, Neo4jRestore.class);

  /** What a person runs to bring the committed CRDs in line with the model. */
  public static final String UPDATE_COMMAND = "./mvnw -pl crds process-test-classes -Dcrds.update";

  private GenerateCrds() {}

  /** The file name the generator gives a resource's CRD. */
  public static String fileName(Class<? extends HasMetadata> resource) {
    return HasMetadata.getFullResourceName(resource) + "-v1.yml";
  }

  /** Arguments: the output directory, the chart's CRD directory, and whether to update it. */
  public static void main(String[] args) throws IOException {
    Path output = Path.of(args[0]);
    Path chart = Path.of(args[1]);
    boolean update = args.length > 2 && (args[2].isEmpty() || Boolean.parseBoolean(args[2]));

    Files.createDirectories(output);
    new CRDGenerator()
        .customResourceClasses(RESOURCES)
        .forCRDVersions("v1")
        .withPostProcessor(new ModelPostProcessor(RESOURCES))
        // Every string quoted: helm and kubectl read YAML 1.1, where an unquoted True is a boolean.
        .withMinQuotes(false)
        .inOutputDir(output.toFile())
        .generate();

    if (update) {
      Files.createDirectories(chart);
      for (var resource : RESOURCES) {
        Path generated = output.resolve(fileName(resource));
        Path committed = chart.resolve(fileName(resource));
        Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[crds] updated " + committed.normalize());
      }
    }
  }
}

package io.neo4jbackup.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Fills two gaps of Fabric8's CRD generator from the model's own annotations: it sorts printer
 * columns by JSON path, where kubectl shows them in the order the resource class declares them; and
 * it leaves the resource's description empty, where the class has a {@link JsonClassDescription}
 * for {@code kubectl explain}.
 */
final class ModelPostProcessor implements CRDPostProcessor {

  private final List<Class<? extends HasMetadata>> resources;

  ModelPostProcessor(List<Class<? extends HasMetadata>> resources) {
    this.resources = List.copyOf(resources);
  }

  @Override
  public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
    var crd = (CustomResourceDefinition) generated;
    Class<? extends HasMetadata> resource = resourceOf(crd);
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    JsonClassDescription description = resource.getAnnotation(JsonClassDescription.class);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version
          .getAdditionalPrinterColumns()
          .sort(
              Comparator.comparingInt(
                  (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())));
      if (description != null) {
        version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
      }
    }
    return crd;
  }

  private Class<? extends HasMetadata> resourceOf(CustomResourceDefinition crd) {
    String kind = crd.getSpec().getNames().getKind();
    return resources.stream()
        .filter(r -> HasMetadata.getKind(r).equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no model class for kind " + kind));
  }
}

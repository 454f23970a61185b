package io.neo4jbackup.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@link OperatorConfig} from environment variables and, when {@code
 * OPERATOR_CONFIG_FILE} names one, a YAML file; a variable that is set (and not empty) wins over
 * the file. Whatever is wrong is an {@link InvalidConfigurationException} naming the variable or
 * key.
 */
public final class OperatorConfigLoader {

  public static final String ENGINE_IMAGE = "ENGINE_IMAGE";
  public static final String ENGINE_IMAGE_PULL_POLICY = "ENGINE_IMAGE_PULL_POLICY";
  public static final String ENGINE_SERVICE_ACCOUNT = "ENGINE_SERVICE_ACCOUNT";
  public static final String ENGINE_POD_SECURITY_CONTEXT = "ENGINE_POD_SECURITY_CONTEXT";
  public static final String ENGINE_SECURITY_CONTEXT = "ENGINE_SECURITY_CONTEXT";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String CLUSTER_DOMAIN = "CLUSTER_DOMAIN";
  public static final String METRICS_PORT = "METRICS_PORT";
  public static final String OPERATOR_CONFIG_FILE = "OPERATOR_CONFIG_FILE";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The keys of the configuration file; any of them may be left out. */
  record FileSettings(
      @JsonProperty("engineImage") String engineImage,
      @JsonProperty("engineImagePullPolicy") String engineImagePullPolicy,
      @JsonProperty("engineServiceAccount") String engineServiceAccount,
      @JsonProperty("enginePodSecurityContext") PodSecurityContext enginePodSecurityContext,
      @JsonProperty("engineSecurityContext") SecurityContext engineSecurityContext,
      @JsonProperty("watchNamespaces") List<String> watchNamespaces,
      @JsonProperty("clusterDomain") String clusterDomain,
      @JsonProperty("metricsPort") Integer metricsPort) {

    static final FileSettings NONE =
        new FileSettings(null, null, null, null, null, null, null, null);
  }

  private OperatorConfigLoader() {}

  /** Reads the configuration from {@code environment} (such as {@link System#getenv()}). */
  public static OperatorConfig load(Map<String, String> environment) {
    String file = value(environment, OPERATOR_CONFIG_FILE);
    FileSettings settings = file == null ? FileSettings.NONE : read(Path.of(file));
    String where = file == null ? "" : " (nor engineImage in " + file + ")";

    String engineImage = first(value(environment, ENGINE_IMAGE), settings.engineImage());
    if (engineImage == null) {
      throw new InvalidConfigurationException(
          ENGINE_IMAGE
              + " is not set"
              + where
              + ": name the neo4j-backup engine image the backup Jobs run, such as"
              + " local/neo4j-backup-engine:0.1.0");
    }
    String pullPolicy =
        first(value(environment, ENGINE_IMAGE_PULL_POLICY), settings.engineImagePullPolicy());
    if (pullPolicy != null && !OperatorConfig.PULL_POLICIES.contains(pullPolicy)) {
      throw new InvalidConfigurationException(
          ENGINE_IMAGE_PULL_POLICY
              + " '"
              + pullPolicy
              + "' is none of Always, IfNotPresent, Never");
    }
    String serviceAccount =
        first(value(environment, ENGINE_SERVICE_ACCOUNT), settings.engineServiceAccount());
    PodSecurityContext podSecurityContext =
        context(
            environment,
            ENGINE_POD_SECURITY_CONTEXT,
            PodSecurityContext.class,
            settings.enginePodSecurityContext(),
            file == null ? null : file + ": enginePodSecurityContext");
    SecurityContext securityContext =
        context(
            environment,
            ENGINE_SECURITY_CONTEXT,
            SecurityContext.class,
            settings.engineSecurityContext(),
            file == null ? null : file + ": engineSecurityContext");
    Set<String> namespaces = namespaces(environment, settings);
    String clusterDomain =
        first(
            first(value(environment, CLUSTER_DOMAIN), settings.clusterDomain()),
            OperatorConfig.DEFAULT_CLUSTER_DOMAIN);
    int metricsPort = metricsPort(environment, settings);
    try {
      return new OperatorConfig(
          engineImage,
          pullPolicy,
          serviceAccount,
          podSecurityContext,
          securityContext,
          namespaces,
          clusterDomain,
          metricsPort);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(e.getMessage());
    }
  }

  /**
   * A security context from the variable {@code name} (JSON, or YAML), else from the file; null
   * when neither sets one (the operator's defaults apply). Fields Kubernetes does not know are
   * refused.
   */
  private static <T> T context(
      Map<String, String> environment, String name, Class<T> type, T fromFile, String fileKey) {
    String variable = value(environment, name);
    if (variable == null) {
      if (fromFile != null) {
        refuseUnknownFields(fromFile, fileKey);
      }
      return fromFile;
    }
    T context;
    try {
      context = YAML.readValue(variable, type);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          name + " is not a " + type.getSimpleName() + " in JSON: " + e.getOriginalMessage());
    }
    if (context == null) {
      return null;
    }
    refuseUnknownFields(context, name);
    return context;
  }

  /**
   * Kubernetes' model classes keep fields they do not know aside rather than failing: a typo such
   * as {@code runAsUsr} would silently be no setting at all. Refuses them, naming {@code where}.
   */
  private static void refuseUnknownFields(Object model, String where) {
    List<String> unknown = new java.util.ArrayList<>();
    collectUnknownFields(model, "", unknown);
    if (!unknown.isEmpty()) {
      throw new InvalidConfigurationException(where + ": unknown field(s) " + unknown);
    }
  }

  private static void collectUnknownFields(Object model, String path, List<String> unknown) {
    if (model instanceof List<?> list) {
      String field = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
      for (int i = 0; i < list.size(); i++) {
        collectUnknownFields(list.get(i), field + "[" + i + "].", unknown);
      }
      return;
    }
    if (model == null || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api")) {
      return;
    }
    for (java.lang.reflect.Method getter : model.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(model);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String field =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
        extra.keySet().forEach(key -> unknown.add(path + key));
      } else {
        collectUnknownFields(value, path + field + ".", unknown);
      }
    }
  }

  private static Set<String> namespaces(Map<String, String> environment, FileSettings settings) {
    String variable = value(environment, WATCH_NAMESPACES);
    List<String> names =
        variable != null
            ? Arrays.asList(variable.split(","))
            : settings.watchNamespaces() == null ? List.of() : settings.watchNamespaces();
    Set<String> namespaces = new LinkedHashSet<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        namespaces.add(name.strip());
      }
    }
    return namespaces;
  }

  private static int metricsPort(Map<String, String> environment, FileSettings settings) {
    String variable = value(environment, METRICS_PORT);
    if (variable == null) {
      return settings.metricsPort() == null
          ? OperatorConfig.DEFAULT_METRICS_PORT
          : settings.metricsPort();
    }
    try {
      return Integer.parseInt(variable.strip());
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(
          METRICS_PORT + " '" + variable + "' is not a port number");
    }
  }

  private static FileSettings read(Path file) {
    try {
      FileSettings settings = YAML.readValue(Files.readAllBytes(file), FileSettings.class);
      return settings == null ? FileSettings.NONE : settings;
    } catch (NoSuchFileException e) {
      throw new InvalidConfigurationException(
          OPERATOR_CONFIG_FILE + " names " + file + ", which does not exist");
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigurationException(
          file
              + ": unknown key '"
              + e.getPropertyName()
              + "'; the keys are "
              + e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    } catch (JsonMappingException e) {
      throw new InvalidConfigurationException(
          file + " is not a valid configuration: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidConfigurationException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String value(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String first(String preferred, String otherwise) {
    return preferred != null ? preferred : otherwise;
  }

  /** The operator's configuration cannot be used; the message names the variable or key. */
  public static class InvalidConfigurationException extends RuntimeException {
    InvalidConfigurationException(String message) {
      super(message);
    }
  }
}

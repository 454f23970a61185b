package io.neo4jbackup.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
      @JsonProperty("watchNamespaces") List<String> watchNamespaces,
      @JsonProperty("clusterDomain") String clusterDomain,
      @JsonProperty("metricsPort") Integer metricsPort) {

    static final FileSettings NONE = new FileSettings(null, null, null, null, null);
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
    Set<String> namespaces = namespaces(environment, settings);
    String clusterDomain =
        first(
            first(value(environment, CLUSTER_DOMAIN), settings.clusterDomain()),
            OperatorConfig.DEFAULT_CLUSTER_DOMAIN);
    int metricsPort = metricsPort(environment, settings);
    try {
      return new OperatorConfig(engineImage, pullPolicy, namespaces, clusterDomain, metricsPort);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(e.getMessage());
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

package io.neo4jbackup.api.examples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields Jackson could not map onto a model object. Kubernetes' own model types keep
 * unknown fields in {@code additionalProperties} instead of failing, so a strict parse alone would
 * miss a typo inside, say, {@code affinity}.
 */
final class UnknownFields {

  private UnknownFields() {}

  /** The paths of unknown fields anywhere below {@code root}. */
  static List<String> in(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found));
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
    } else if (value != null && isModel(value.getClass())) {
      for (Method getter : value.getClass().getMethods()) {
        if (!isGetter(getter)) {
          continue;
        }
        Object property = invoke(getter, value);
        if (getter.getName().equals("getAdditionalProperties")) {
          ((Map<?, ?>) property).keySet().forEach(k -> found.add(path + "." + k));
        } else {
          walk(property, path + "." + propertyName(getter), found);
        }
      }
    }
  }

  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.fabric8.kubernetes.api.model.")
        || name.startsWith("io.neo4jbackup.");
  }

  private static boolean isGetter(Method m) {
    return m.getName().startsWith("get")
        && m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        && m.getDeclaringClass() != Object.class
        && isModel(m.getDeclaringClass());
  }

  private static String propertyName(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}

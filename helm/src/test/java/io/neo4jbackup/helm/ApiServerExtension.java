package io.neo4jbackup.helm;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the *IT classes an {@link ApiServer} of their own, started on first use and stopped when
 * the scope that asked for it ends: a parameter of a {@code @BeforeAll} method gets one for the
 * whole class, a parameter of a {@code @BeforeEach} or test method one for that test alone. The
 * chart's CRDs are cluster-wide and owned by one release, so releases that install them never share
 * a server.
 */
final class ApiServerExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ApiServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiServer.class;
  }

  @Override
  public ApiServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(ApiServer.class, k -> ApiServer.start(), ApiServer.class);
  }
}

package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The backup pod's restricted security contexts (Pod Security Standard "restricted"): the spec's
 * own security contexts win field by field, and the defaults fill every field they leave out.
 */
public final class SecurityDefaults {

  /** User and group the pod runs as by default: Neo4j's conventional uid, not root. */
  public static final long USER_ID = 7474;

  private SecurityDefaults() {}

  /**
   * {@code fromSpec} (may be null) completed with: non-root as {@link #USER_ID}, {@code fsGroup} so
   * the target claim is writable, changed only when the volume's root does not match (a large
   * backup volume is not walked on every run), and the runtime's default seccomp profile.
   */
  public static PodSecurityContext pod(PodSecurityContext fromSpec) {
    PodSecurityContextBuilder context =
        fromSpec == null
            ? new PodSecurityContextBuilder()
            : new PodSecurityContextBuilder(fromSpec);
    if (context.getRunAsNonRoot() == null) {
      context.withRunAsNonRoot(true);
    }
    if (context.getRunAsUser() == null) {
      context.withRunAsUser(USER_ID);
    }
    if (context.getRunAsGroup() == null) {
      context.withRunAsGroup(USER_ID);
    }
    if (context.getFsGroup() == null) {
      context.withFsGroup(USER_ID);
    }
    if (context.getFsGroupChangePolicy() == null) {
      context.withFsGroupChangePolicy("OnRootMismatch");
    }
    if (!context.hasSeccompProfile()) {
      context.withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build());
    }
    return context.build();
  }

  /**
   * {@code fromSpec} (may be null) completed with: non-root, no privilege escalation, a read-only
   * root file system, and all capabilities dropped.
   */
  public static SecurityContext container(SecurityContext fromSpec) {
    SecurityContextBuilder context =
        fromSpec == null ? new SecurityContextBuilder() : new SecurityContextBuilder(fromSpec);
    if (context.getRunAsNonRoot() == null) {
      context.withRunAsNonRoot(true);
    }
    if (context.getAllowPrivilegeEscalation() == null) {
      context.withAllowPrivilegeEscalation(false);
    }
    if (context.getReadOnlyRootFilesystem() == null) {
      context.withReadOnlyRootFilesystem(true);
    }
    if (!context.hasCapabilities()) {
      context.withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build());
    }
    return context.build();
  }
}

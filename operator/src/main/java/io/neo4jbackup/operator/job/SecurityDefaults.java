package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The engine pods' security contexts when the operator's configuration names none (Pod Security
 * Standard "restricted"). The chart's values repeat them, so that an installed operator shows them.
 */
public final class SecurityDefaults {

  /** User and group the pod runs as by default: Neo4j's conventional uid, not root. */
  public static final long USER_ID = 7474;

  private SecurityDefaults() {}

  /**
   * Non-root as {@link #USER_ID}, {@code fsGroup} so the target claim is writable, changed only
   * when the volume's root does not match (a large backup volume is not walked on every run), and
   * the runtime's default seccomp profile.
   */
  public static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(USER_ID)
        .withRunAsGroup(USER_ID)
        .withFsGroup(USER_ID)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
        .build();
  }

  /** Non-root, no privilege escalation, a read-only root file system, all capabilities dropped. */
  public static SecurityContext container() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build())
        .build();
  }
}

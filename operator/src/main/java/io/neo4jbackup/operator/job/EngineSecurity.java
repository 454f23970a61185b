package io.neo4jbackup.operator.job;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.neo4jbackup.api.v1alpha1.JobSettings;
import io.neo4jbackup.operator.InvalidSpecException;
import io.neo4jbackup.operator.OperatorConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The security of an engine pod (a backup or a chain deletion): the operator's security contexts,
 * which a spec's {@code job} settings may tighten but never loosen. A pure function: the operator's
 * contexts and the spec's settings in, the pod's contexts out, or an {@link InvalidSpecException}
 * naming the field that would loosen them. A value equal to the operator's own is never refused.
 *
 * @param pod the pod's security context
 * @param container the engine container's security context
 */
public record EngineSecurity(PodSecurityContext pod, SecurityContext container) {

  private static final String WHY =
      ": a spec may only tighten the security context the operator runs the engine with, never"
          + " loosen it";

  /**
   * The contexts for an engine pod of {@code settings} (may be null), named in messages from {@code
   * field} (such as {@code spec.job}).
   */
  public static EngineSecurity of(OperatorConfig config, JobSettings settings, String field) {
    JobSettings job = settings == null ? new JobSettings() : settings;
    checkAnnotations(job.getPodAnnotations(), field + ".podAnnotations");
    return new EngineSecurity(
        pod(
            config.enginePodSecurityContext(),
            job.getSecurityContext(),
            field + ".securityContext"),
        container(
            config.engineSecurityContext(),
            job.getContainerSecurityContext(),
            field + ".containerSecurityContext"));
  }

  /** {@code base} with the fields {@code spec} (may be null) sets, each checked. */
  static PodSecurityContext pod(PodSecurityContext base, PodSecurityContext spec, String field) {
    PodSecurityContextBuilder merged = new PodSecurityContextBuilder(base);
    if (spec == null) {
      return merged.build();
    }
    unknown(spec.getAdditionalProperties(), field);
    if (differs(spec.getRunAsNonRoot(), base.getRunAsNonRoot())) {
      refuseIf(Boolean.FALSE.equals(spec.getRunAsNonRoot()), field + ".runAsNonRoot is false");
      merged.withRunAsNonRoot(spec.getRunAsNonRoot());
    }
    if (differs(spec.getRunAsUser(), base.getRunAsUser())) {
      refuseIf(spec.getRunAsUser() == 0, field + ".runAsUser is 0 (root)");
      merged.withRunAsUser(spec.getRunAsUser());
    }
    if (differs(spec.getRunAsGroup(), base.getRunAsGroup())) {
      refuseIf(spec.getRunAsGroup() == 0, field + ".runAsGroup is 0 (root)");
      merged.withRunAsGroup(spec.getRunAsGroup());
    }
    if (differs(spec.getFsGroup(), base.getFsGroup())) {
      refuseIf(spec.getFsGroup() == 0, field + ".fsGroup is 0 (root)");
      merged.withFsGroup(spec.getFsGroup());
    }
    if (present(spec.getSupplementalGroups())
        && !spec.getSupplementalGroups().equals(base.getSupplementalGroups())) {
      refuseIf(
          spec.getSupplementalGroups().contains(0L), field + ".supplementalGroups holds 0 (root)");
      merged.withSupplementalGroups(spec.getSupplementalGroups());
    }
    if (spec.getFsGroupChangePolicy() != null) {
      merged.withFsGroupChangePolicy(spec.getFsGroupChangePolicy());
    }
    if (spec.getSupplementalGroupsPolicy() != null) {
      merged.withSupplementalGroupsPolicy(spec.getSupplementalGroupsPolicy());
    }
    if (spec.getSeLinuxChangePolicy() != null) {
      merged.withSeLinuxChangePolicy(spec.getSeLinuxChangePolicy());
    }
    if (differs(spec.getSeccompProfile(), base.getSeccompProfile())) {
      refuseIf(unconfined(spec.getSeccompProfile()), field + ".seccompProfile is Unconfined");
      merged.withSeccompProfile(spec.getSeccompProfile());
    }
    if (differs(spec.getAppArmorProfile(), base.getAppArmorProfile())) {
      refuseIf(unconfined(spec.getAppArmorProfile()), field + ".appArmorProfile is Unconfined");
      merged.withAppArmorProfile(spec.getAppArmorProfile());
    }
    refuseIf(
        differs(spec.getSeLinuxOptions(), base.getSeLinuxOptions()),
        field + ".seLinuxOptions is set (an SELinux user, role, type or level of its own)");
    refuseIf(
        present(spec.getSysctls()) && !spec.getSysctls().equals(base.getSysctls()),
        field + ".sysctls is set");
    refuseIf(
        differs(spec.getWindowsOptions(), base.getWindowsOptions()),
        field + ".windowsOptions is set (hostProcess, a user name of its own)");
    return merged.build();
  }

  /** {@code base} with the fields {@code spec} (may be null) sets, each checked. */
  static SecurityContext container(SecurityContext base, SecurityContext spec, String field) {
    SecurityContextBuilder merged = new SecurityContextBuilder(base);
    if (spec == null) {
      return merged.build();
    }
    unknown(spec.getAdditionalProperties(), field);
    if (differs(spec.getPrivileged(), base.getPrivileged())) {
      refuseIf(spec.getPrivileged(), field + ".privileged is true");
      merged.withPrivileged(spec.getPrivileged());
    }
    if (differs(spec.getAllowPrivilegeEscalation(), base.getAllowPrivilegeEscalation())) {
      refuseIf(spec.getAllowPrivilegeEscalation(), field + ".allowPrivilegeEscalation is true");
      merged.withAllowPrivilegeEscalation(spec.getAllowPrivilegeEscalation());
    }
    if (differs(spec.getReadOnlyRootFilesystem(), base.getReadOnlyRootFilesystem())) {
      refuseIf(!spec.getReadOnlyRootFilesystem(), field + ".readOnlyRootFilesystem is false");
      merged.withReadOnlyRootFilesystem(spec.getReadOnlyRootFilesystem());
    }
    if (differs(spec.getRunAsNonRoot(), base.getRunAsNonRoot())) {
      refuseIf(!spec.getRunAsNonRoot(), field + ".runAsNonRoot is false");
      merged.withRunAsNonRoot(spec.getRunAsNonRoot());
    }
    if (differs(spec.getRunAsUser(), base.getRunAsUser())) {
      refuseIf(spec.getRunAsUser() == 0, field + ".runAsUser is 0 (root)");
      merged.withRunAsUser(spec.getRunAsUser());
    }
    if (differs(spec.getRunAsGroup(), base.getRunAsGroup())) {
      refuseIf(spec.getRunAsGroup() == 0, field + ".runAsGroup is 0 (root)");
      merged.withRunAsGroup(spec.getRunAsGroup());
    }
    if (spec.getCapabilities() != null) {
      merged.withCapabilities(capabilities(base.getCapabilities(), spec.getCapabilities(), field));
    }
    if (differs(spec.getProcMount(), base.getProcMount())) {
      refuseIf("Unmasked".equals(spec.getProcMount()), field + ".procMount is Unmasked");
      merged.withProcMount(spec.getProcMount());
    }
    if (differs(spec.getSeccompProfile(), base.getSeccompProfile())) {
      refuseIf(unconfined(spec.getSeccompProfile()), field + ".seccompProfile is Unconfined");
      merged.withSeccompProfile(spec.getSeccompProfile());
    }
    if (differs(spec.getAppArmorProfile(), base.getAppArmorProfile())) {
      refuseIf(unconfined(spec.getAppArmorProfile()), field + ".appArmorProfile is Unconfined");
      merged.withAppArmorProfile(spec.getAppArmorProfile());
    }
    refuseIf(
        differs(spec.getSeLinuxOptions(), base.getSeLinuxOptions()),
        field + ".seLinuxOptions is set (an SELinux user, role, type or level of its own)");
    refuseIf(
        differs(spec.getWindowsOptions(), base.getWindowsOptions()),
        field + ".windowsOptions is set (hostProcess, a user name of its own)");
    return merged.build();
  }

  /** The operator's capabilities, with the spec's drops added; the spec may add none. */
  private static Capabilities capabilities(Capabilities base, Capabilities spec, String field) {
    List<String> baseAdd = base == null || base.getAdd() == null ? List.of() : base.getAdd();
    refuseIf(
        spec.getAdd() != null && !baseAdd.containsAll(spec.getAdd()),
        field + ".capabilities.add adds " + spec.getAdd());
    Set<String> drop = new LinkedHashSet<>();
    if (base != null && base.getDrop() != null) {
      drop.addAll(base.getDrop());
    }
    if (spec.getDrop() != null) {
      drop.addAll(spec.getDrop());
    }
    return new CapabilitiesBuilder().withAdd(baseAdd).withDrop(new ArrayList<>(drop)).build();
  }

  /**
   * Refuses pod annotations that loosen what the security contexts say: AppArmor or seccomp
   * profiles set to {@code unconfined} the old way.
   */
  private static void checkAnnotations(Map<String, String> annotations, String field) {
    if (annotations == null) {
      return;
    }
    annotations.forEach(
        (key, value) ->
            refuseIf(
                (key.contains("apparmor.security") || key.contains("seccomp.security"))
                    && value != null
                    && value.strip().toLowerCase(Locale.ROOT).equals("unconfined"),
                field + " sets " + key + ": unconfined"));
  }

  private static boolean unconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equalsIgnoreCase(profile.getType());
  }

  private static boolean unconfined(AppArmorProfile profile) {
    return profile != null && "Unconfined".equalsIgnoreCase(profile.getType());
  }

  /** Whether the spec sets a value, other than the operator's own. */
  private static boolean differs(Object spec, Object base) {
    return spec != null && !Objects.equals(spec, base);
  }

  private static boolean present(List<?> list) {
    return list != null && !list.isEmpty();
  }

  private static void unknown(Map<String, Object> additional, String field) {
    refuseIf(
        additional != null && !additional.isEmpty(),
        field + " has fields Kubernetes does not know: " + additional.keySet());
  }

  private static void refuseIf(boolean loosens, String what) {
    if (loosens) {
      throw new InvalidSpecException(what + WHY);
    }
  }
}

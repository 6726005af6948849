package io.cynodeai.connector.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SandboxVerification#verify}: one result per probe, the isolation the children ran
 * under ({@code bubblewrap: ...}, or {@code weaker isolation (...)} naming what was missing), and whether they got
 * cgroup v2 limits ({@code cgroup v2 limits: not available (<reason>)} where the host delegates no cgroup).
 * Immutable.
 */
public record SandboxVerificationReport(List<ProbeResult> probes, String isolation, String cgroupLimits) {
  public SandboxVerificationReport {
    probes = List.copyOf(probes);
    Objects.requireNonNull(isolation, "isolation");
    Objects.requireNonNull(cgroupLimits, "cgroupLimits");
  }

  /** A report that does not say whether cgroup limits applied. */
  public SandboxVerificationReport(List<ProbeResult> probes, String isolation) {
    this(probes, isolation, "unspecified");
  }

  /** A report that does not say how the children were isolated. */
  public SandboxVerificationReport(List<ProbeResult> probes) {
    this(probes, "unspecified");
  }

  /** True when every probe was prevented. */
  public boolean allEnforced() {
    return !probes.isEmpty() && probes.stream().allMatch(ProbeResult::enforced);
  }

  /** The probes the sandbox did not prevent. */
  public List<ProbeResult> failures() {
    return probes.stream().filter(p -> !p.enforced()).toList();
  }
}

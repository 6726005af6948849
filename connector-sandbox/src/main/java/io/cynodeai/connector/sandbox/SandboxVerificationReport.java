package io.cynodeai.connector.sandbox;

import java.util.List;

/** The outcome of {@link SandboxVerification#verify}: one result per probe. Immutable. */
public record SandboxVerificationReport(List<ProbeResult> probes) {
  public SandboxVerificationReport {
    probes = List.copyOf(probes);
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

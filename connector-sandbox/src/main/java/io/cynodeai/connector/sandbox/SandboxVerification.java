package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.ChildLauncher;
import io.cynodeai.connector.sandbox.internal.ProbeRunner;
import io.cynodeai.connector.sandbox.internal.SandboxProbes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sandbox enforcement verification (REQ-GOV-008): runs probes as an untrusted connector inside the real sandboxed
 * child, with the given limits, and reports for each whether the boundary held and which OS layer stopped it. The
 * probes open a socket to an external address, resolve a host name, connect to a loopback port the host listens
 * on, read a host file and the host user's home, write a file in the host's temp dir, read a host environment
 * variable, signal a host process, create a namespace, start processes and threads past the process cap,
 * allocate native memory past the address-space cap and heap past the heap cap, spin past the CPU cap and past
 * the time cap, and write past the output cap (the child must be gone afterwards). Run it where sandboxed
 * connectors will run, before enabling them, and require {@link SandboxVerificationReport#allEnforced()}. Starts
 * one child per probe (15 to 30 s in all). Thread-safe.
 */
public final class SandboxVerification {
  private SandboxVerification() {}

  /**
   * Runs every probe.
   *
   * @param timeCap the deadline given to the time probe, which must be killed at it
   */
  public static SandboxVerificationReport verify(SandboxLimits limits, Duration timeCap) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(timeCap, "timeCap");
    ChildLauncher launcher = new ChildLauncher(SandboxProbes.class.getName(), List.of(), limits, Clock.systemUTC());
    return new SandboxVerificationReport(new ProbeRunner(launcher, timeCap).runAll(),
        launcher.isolationDescription(), launcher.cgroupDescription());
  }
}

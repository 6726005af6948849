package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.ChildLauncher;
import io.cynodeai.connector.sandbox.internal.ProbeRunner;
import io.cynodeai.connector.sandbox.internal.SandboxProbes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sandbox enforcement verification (REQ-GOV-008): runs probes as an untrusted connector inside the sandbox, with
 * the given limits, and reports for each whether the boundary held. The probes open a socket to a local listener,
 * use the JDK's HTTP client directly, resolve a host name, write a file, list the host user's home directory,
 * read the environment, start a process, switch off the Security Manager, allocate beyond the heap cap and spin
 * beyond the time cap (the child must be gone afterwards). Run it where sandboxed connectors will run, before
 * enabling them, and require {@link SandboxVerificationReport#allEnforced()}. Starts one child per probe (a few
 * seconds in all). Thread-safe.
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
    return new SandboxVerificationReport(new ProbeRunner(launcher, timeCap).runAll());
  }
}

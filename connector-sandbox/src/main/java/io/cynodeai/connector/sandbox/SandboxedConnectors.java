package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.ChildLauncher;
import io.cynodeai.connector.sandbox.internal.DescriptorLoader;
import io.cynodeai.connector.spi.ConnectorType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Loads an untrusted (OpenClaw) connector for out-of-process execution (REQ-EGRESS-005..007). The parent never
 * loads the connector's classes: a child JVM reports the type's declarations over the channel, and every operation
 * of the returned type runs in a fresh child JVM with the given {@link SandboxLimits}, the Security Manager with a
 * grant-nothing policy (no sockets, DNS, files or processes), and HTTP forwarded through the calling instance's
 * guarded network access. Register the result with {@code EngineBuilder.register(ConnectorType)} like any type.
 *
 * <p><b>Only where the sandbox holds.</b> Before the first load with given limits, {@link SandboxVerification}
 * runs its probes on this host (once per JVM and limits; a few seconds); unless every probe was prevented, nothing
 * is loaded ({@code sandbox_unverified}, naming the probes that escaped), so untrusted code never runs where the
 * isolation cannot be had. {@link #loadUnverified} is the explicit, visible way to accept a weaker sandbox.
 *
 * <p>One child per call: a call pays a JVM start (about 0.3 to 1 s). Sandboxed types have no health check,
 * polling, webhooks or interactive authorization. Thread-safe.
 */
public final class SandboxedConnectors {
  /** The deadline given to the verification's time probe. */
  static final Duration VERIFICATION_TIME_CAP = Duration.ofSeconds(2);
  private static final Map<SandboxLimits, SandboxVerificationReport> VERIFIED = new ConcurrentHashMap<>();

  private SandboxedConnectors() {}

  /**
   * Starts a child to read the connector's declarations and returns its type, wired to run in the sandbox.
   *
   * @param providerClass the connector's {@code ConnectorProvider} class, with a public no-argument constructor
   * @param classPath the connector's jars or class directories (not the sandbox runtime, which is added)
   * @throws SandboxLoadException the sandbox failed its verification on this host ({@code sandbox_unverified}),
   *     or the child failed, timed out or reported an invalid descriptor
   */
  public static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits) {
    return load(providerClass, classPath, limits,
        l -> VERIFIED.computeIfAbsent(l, v -> SandboxVerification.verify(v, VERIFICATION_TIME_CAP)));
  }

  /**
   * As {@link #load}, without requiring a passing verification: for a host that accepts a weaker sandbox on
   * purpose (say, where the verification cannot run). Every untrusted call then runs with whatever this host
   * enforces; run {@link SandboxVerification} to know what that is.
   */
  public static ConnectorType loadUnverified(String providerClass, List<Path> classPath, SandboxLimits limits) {
    return load(providerClass, classPath, limits, null);
  }

  /** The verification this JVM ran for {@code limits}, if it ran one. */
  static java.util.Optional<SandboxVerificationReport> verified(SandboxLimits limits) {
    return java.util.Optional.ofNullable(VERIFIED.get(limits));
  }

  /** Loads after {@code verifier}'s report for the limits is all enforced (no check when it is null). */
  static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits,
      @Nullable Function<SandboxLimits, SandboxVerificationReport> verifier) {
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(limits, "limits");
    if (!providerClass.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
      throw new IllegalArgumentException("providerClass is not a class name");
    }
    if (verifier != null) {
      SandboxVerificationReport report = verifier.apply(limits);
      if (!report.allEnforced()) {
        throw new SandboxLoadException("sandbox_unverified", "the sandbox is not enforced on this host (escaped: "
            + report.failures().stream().map(p -> p.probe() + " -> " + p.observed()).toList() + "); untrusted"
            + " connectors are not loaded here (SandboxedConnectors.loadUnverified accepts a weaker sandbox)", null);
      }
    }
    ChildLauncher launcher = new ChildLauncher(providerClass, List.copyOf(classPath), limits, Clock.systemUTC());
    return DescriptorLoader.load(launcher);
  }
}

package io.cynodeai.connector.sandbox;

import io.cynodeai.connector.sandbox.internal.ChildLauncher;
import io.cynodeai.connector.sandbox.internal.DescriptorLoader;
import io.cynodeai.connector.sandbox.internal.IsolationSupport;
import io.cynodeai.connector.sandbox.internal.SandboxedHandler;
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
 * of the returned type runs in a child JVM (fresh, or a warm worker of the same instance) with the given
 * {@link SandboxLimits}, inside an OS boundary (bubblewrap: its own network namespace with only loopback, a
 * read-only minimal root, private {@code /tmp}, its own PID namespace, an empty environment, a seccomp filter,
 * resource limits; see {@code docs/sandbox.md}), and HTTP forwarded through the calling instance's guarded network
 * access. Register the result with
 * {@code EngineBuilder.register(ConnectorType)} like any type.
 *
 * <p><b>Only where the sandbox holds.</b> Where the OS boundary cannot be had (no {@code bwrap}, no namespaces,
 * not Linux) nothing is loaded ({@code sandbox_isolation_unavailable}, naming what is missing) unless the limits
 * accept it ({@link SandboxLimits#withAllowWeakerIsolation}); then every call's result carries a warning naming
 * the weaker isolation. Before the first load with given limits, {@link SandboxVerification} runs its probes on
 * this host (once per JVM and limits; about 15 s); unless every probe was prevented, nothing is loaded
 * ({@code sandbox_unverified}, naming the probes that escaped) — except in the accepted weaker mode, where the
 * report is kept and the load goes ahead. {@link #loadUnverified} skips the probes.
 *
 * <p>By default one child per call: a call pays a JVM start (about 0.3 s on an idle machine, the runtime's classes
 * mapped from a class-data archive the host makes at the first load, see {@code docs/sandbox.md});
 * {@link SandboxLimits#withWarmWorkers} keeps warm workers per instance (a few ms a call). Sandboxed types have no
 * health check, polling, webhooks or interactive authorization. Thread-safe.
 */
public final class SandboxedConnectors {
  /** The deadline given to the verification's time probe. */
  static final Duration VERIFICATION_TIME_CAP = Duration.ofSeconds(2);
  private static final Map<SandboxLimits, SandboxVerificationReport> VERIFIED = new ConcurrentHashMap<>();
  private static final System.Logger LOG = System.getLogger(SandboxedConnectors.class.getName());

  private SandboxedConnectors() {}

  /**
   * Starts a child to read the connector's declarations and returns its type, wired to run in the sandbox.
   *
   * @param providerClass the connector's {@code ConnectorProvider} class, with a public no-argument constructor
   * @param classPath the connector's jars or class directories (not the sandbox runtime, which is added)
   * @throws SandboxLoadException the OS isolation is unavailable here and the limits do not accept a weaker one
   *     ({@code sandbox_isolation_unavailable}), the sandbox failed its verification on this host
   *     ({@code sandbox_unverified}), or the child failed, timed out or reported an invalid descriptor
   */
  public static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits) {
    return load(providerClass, classPath, limits,
        l -> VERIFIED.computeIfAbsent(l, v -> SandboxVerification.verify(v, VERIFICATION_TIME_CAP)));
  }

  /**
   * As {@link #load}, without requiring a passing verification: for a host that accepts a weaker sandbox on
   * purpose (say, where the verification cannot run). Every untrusted call then runs with whatever this host
   * enforces; run {@link SandboxVerification} to know what that is. Where the OS isolation is unavailable, this
   * too refuses ({@code sandbox_isolation_unavailable}) unless the limits accept a weaker isolation.
   */
  public static ConnectorType loadUnverified(String providerClass, List<Path> classPath, SandboxLimits limits) {
    return load(providerClass, classPath, limits, null);
  }

  /**
   * Ends the idle warm workers of a type this class loaded (see {@link SandboxLimits#maxIdleWorkers()}), say when
   * the host shuts down; they also end after their idle timeout and with the host process. Calls in flight keep
   * their workers. Does nothing for another type.
   */
  public static void closeIdleWorkers(ConnectorType type) {
    Objects.requireNonNull(type, "type");
    type.operations().stream().map(o -> o.handler()).filter(SandboxedHandler.class::isInstance).distinct()
        .forEach(h -> ((SandboxedHandler) h).closeIdleWorkers());
  }

  /** The verification this JVM ran for {@code limits}, if it ran one. */
  static java.util.Optional<SandboxVerificationReport> verified(SandboxLimits limits) {
    return java.util.Optional.ofNullable(VERIFIED.get(limits));
  }

  /** Loads after {@code verifier}'s report for the limits is all enforced (no check when it is null). */
  static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits,
      @Nullable Function<SandboxLimits, SandboxVerificationReport> verifier) {
    return load(providerClass, classPath, limits, verifier, null);
  }

  /** As above, with the host's isolation given (checked when null). */
  static ConnectorType load(String providerClass, List<Path> classPath, SandboxLimits limits,
      @Nullable Function<SandboxLimits, SandboxVerificationReport> verifier,
      IsolationSupport.@Nullable Outcome givenIsolation) {
    Objects.requireNonNull(providerClass, "providerClass");
    Objects.requireNonNull(limits, "limits");
    if (!providerClass.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
      throw new IllegalArgumentException("providerClass is not a class name");
    }
    IsolationSupport.Outcome isolation = givenIsolation != null ? givenIsolation : IsolationSupport.check();
    boolean weaker = isolation instanceof IsolationSupport.Unavailable;
    if (weaker && !limits.allowWeakerIsolation()) {
      throw new SandboxLoadException("sandbox_isolation_unavailable", "untrusted connectors are not run here: "
          + ((IsolationSupport.Unavailable) isolation).reason() + " (SandboxLimits.withAllowWeakerIsolation(true)"
          + " accepts a weaker isolation)", null);
    }
    if (weaker) {
      LOG.log(System.Logger.Level.WARNING, "sandboxed connector " + providerClass + " runs with "
          + isolation.description());
    }
    if (verifier != null) {
      SandboxVerificationReport report = verifier.apply(limits);
      if (!report.allEnforced() && !weaker) {
        throw new SandboxLoadException("sandbox_unverified", "the sandbox is not enforced on this host (escaped: "
            + report.failures().stream().map(p -> p.probe() + " -> " + p.observed()).toList() + "); untrusted"
            + " connectors are not loaded here (SandboxedConnectors.loadUnverified accepts a weaker sandbox)", null);
      }
    }
    ChildLauncher launcher = ChildLauncher.of(providerClass, List.copyOf(classPath), limits, Clock.systemUTC(),
        isolation);
    return DescriptorLoader.load(launcher);
  }
}

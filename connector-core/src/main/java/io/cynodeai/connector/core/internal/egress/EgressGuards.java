package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.egress.AddressRange;
import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's per-instance egress guards: asks the host for an instance's policy, keeps one set of
 * transports per instance while its policy stays equal, and audits every denial. When a per-instance policy
 * opens special-purpose addresses, a warning names the ranges, once per distinct opening. Thread-safe.
 */
public final class EgressGuards implements Function<ConnectorInstance, NetworkAccess> {
  private static final Logger LOG = LoggerFactory.getLogger(EgressGuards.class);

  private record Cached(EgressPolicy policy, NetworkAccess access) {}

  private final Function<ConnectorInstance, EgressPolicy> policies;
  private final HostResolver resolver;
  private final AuditSink audit;
  private final Clock clock;
  private static final int MAX_REPORTED_OPENINGS = 64;

  private final Map<String, Cached> guards = new ConcurrentHashMap<>();
  private final Set<List<AddressRange>> reportedOpenings = ConcurrentHashMap.newKeySet();
  private final boolean reportOpenings;

  /**
   * @param reportOpenings whether to warn when an instance's policy opens special-purpose addresses (false
   *     when the builder already warned about the one fixed policy)
   */
  public EgressGuards(Function<ConnectorInstance, EgressPolicy> policies, HostResolver resolver, AuditSink audit,
      Clock clock, boolean reportOpenings) {
    this.policies = policies;
    this.resolver = resolver;
    this.audit = audit;
    this.clock = clock;
    this.reportOpenings = reportOpenings;
  }

  /** Warns that egress is opened by {@code policy}, set through {@code how}; nothing if it opens nothing. */
  /**
   * How an engine's connectors reach the network: the host's own network access when it gave one and no egress
   * policy (logged, as it replaces the guard); else the guard with the host's policy (a fixed one logged at once
   * when it opens special addresses, a per-instance one at first use); else the guard with {@link
   * EgressPolicy#publicOnly()}.
   */
  public static Function<ConnectorInstance, NetworkAccess> transports(
      @Nullable Function<ConnectorInstance, EgressPolicy> egress, @Nullable EgressPolicy fixedEgress,
      @Nullable Function<ConnectorInstance, NetworkAccess> network, HostResolver resolver, AuditSink sink,
      Clock clock) {
    if (egress == null && network != null) {
      warnNetworkAccessReplacesGuard();
      return network;
    }
    if (fixedEgress != null) {
      warnIfOpened(fixedEgress, "EngineBuilder.egress(policy)");
    }
    if (egress == null) {
      EgressPolicy publicOnly = EgressPolicy.publicOnly();
      return new EgressGuards(instance -> publicOnly, resolver, sink, clock, false);
    }
    return new EgressGuards(egress, resolver, sink, clock, fixedEgress == null);
  }

  public static void warnIfOpened(EgressPolicy policy, String how) {
    if (policy.opensSpecialAddresses()) {
      LOG.warn("egress opened by {}: {}", how, describeOpening(policy));
    }
  }

  /** Warns that the host replaced the egress guard with its own network access. */
  public static void warnNetworkAccessReplacesGuard() {
    LOG.warn("egress opened by EngineBuilder.networkAccess(...): the host's network access replaces the egress"
        + " guard, so the engine applies no allowlist, no address checks and no DNS pinning");
  }

  private static String describeOpening(EgressPolicy policy) {
    List<AddressRange> ranges = policy.allowedAddressRanges();
    if (ranges.contains(AddressRange.of("0.0.0.0/0")) && ranges.contains(AddressRange.of("::/0"))) {
      return "unrestricted: every address is allowed, loopback, private networks and cloud metadata included";
    }
    return "special-purpose addresses allowed in " + ranges.stream().map(AddressRange::cidr).toList();
  }

  /** Drops the cached guard of an uninstalled instance (its TLS context, pinned client and policy). */
  public void forget(String instanceId) {
    guards.remove(instanceId);
  }

  @Override
  public NetworkAccess apply(ConnectorInstance instance) {
    EgressPolicy policy = policies.apply(instance);
    if (policy == null) {
      policy = EgressPolicy.denyAll();
    }
    EgressPolicy current = policy;
    if (reportOpenings && current.opensSpecialAddresses() && reportedOpenings.size() < MAX_REPORTED_OPENINGS
        && reportedOpenings.add(current.allowedAddressRanges())) {
      LOG.warn("egress opened by EngineBuilder.egress(...) for instance {} and any other instance given the same"
          + " address ranges: {}", instance.id(), describeOpening(current));
    }
    return guards.compute(instance.id(), (id, cached) -> cached != null && cached.policy().equals(current)
        ? cached : new Cached(current, new GuardedNetworkAccess(current, resolver, d -> denied(instance, d))))
        .access();
  }

  private void denied(ConnectorInstance instance, EgressDenial denial) {
    AuditEvent event = AuditEvent.builder(AuditEventType.EGRESS, clock.instant())
        .action("egress.connect")
        .caller(ActingUser.current(), instance.projectId())
        .instance(instance.id(), instance.connectorType())
        .failed(FailureClass.POLICY_DENIED, denial.reason())
        .detail("scheme", denial.scheme())
        .detail("host", denial.host())
        .detail("port", Integer.toString(denial.port()))
        .detail("reason", denial.message())
        .build();
    try {
      audit.record(event);
    } catch (RuntimeException e) {
      LOG.error("audit sink failed to record an egress denial for instance {}", instance.id(), e);
    }
  }
}

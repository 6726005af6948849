package io.cynodeai.connector.core.internal.egress;

import io.cynodeai.connector.core.internal.ActingUser;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.audit.AuditSink;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.core.egress.EgressDenial;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.core.egress.HostResolver;
import io.cynodeai.connector.spi.NetworkAccess;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's per-instance egress guards: asks the host for an instance's policy, keeps one set of
 * transports per instance while its policy stays equal, and audits every denial. Thread-safe.
 */
public final class EgressGuards implements Function<ConnectorInstance, NetworkAccess> {
  private static final Logger LOG = LoggerFactory.getLogger(EgressGuards.class);

  private record Cached(EgressPolicy policy, NetworkAccess access) {}

  private final Function<ConnectorInstance, EgressPolicy> policies;
  private final HostResolver resolver;
  private final AuditSink audit;
  private final Clock clock;
  private final Map<String, Cached> guards = new ConcurrentHashMap<>();

  public EgressGuards(Function<ConnectorInstance, EgressPolicy> policies, HostResolver resolver, AuditSink audit,
      Clock clock) {
    this.policies = policies;
    this.resolver = resolver;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public NetworkAccess apply(ConnectorInstance instance) {
    EgressPolicy policy = policies.apply(instance);
    if (policy == null) {
      policy = EgressPolicy.denyAll();
    }
    EgressPolicy current = policy;
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

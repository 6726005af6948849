package io.cynodeai.connector.core.internal.catalog;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.audit.AuditEvent;
import io.cynodeai.connector.api.audit.AuditEventType;
import io.cynodeai.connector.api.instance.TypeListing;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.PolicyGate;
import java.time.Clock;
import java.util.function.Function;

/**
 * {@code ConnectorEngine.types(caller)}: the registered types, for a caller the policy allows to read the
 * catalog ({@code connector.catalog.read}); audited as {@code catalog.read} either way. Thread-safe.
 */
public final class TypeListings implements Function<Caller, TypeListing> {
  private final TypeRegistry types;
  private final PolicyEngine policy;
  private final AuditEmitter audit;
  private final Clock clock;

  public TypeListings(TypeRegistry types, PolicyEngine policy, AuditEmitter audit, Clock clock) {
    this.types = types;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public TypeListing apply(Caller caller) {
    PolicyGate.Verdict verdict = PolicyGate.authorize(policy, new PolicyContext(Action.CATALOG_READ,
        caller.userId(), caller.groupIds(), caller.projectId(), null, null, null, null));
    AuditEvent.Builder event = AuditEvent.builder(AuditEventType.LIFECYCLE, clock.instant()).action("catalog.read")
        .caller(caller.userId(), caller.projectId()).policyDecision(verdict.decision());
    Failed refused = verdict.refusal();
    if (refused != null) {
      audit.emit(event.failed(refused.failureClass(), refused.code()).build());
      return new TypeListing.Refused(refused);
    }
    TypeListing.Listed listed = new TypeListing.Listed(types.all().stream().map(t -> t.type().coordinates())
        .sorted().toList());
    audit.emit(event.succeeded().detail("types", Integer.toString(listed.coordinates().size())).build());
    return listed;
  }
}

package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.internal.PolicyGate;
import org.jspecify.annotations.Nullable;

/**
 * Asks the policy engine about {@code connector.operation.invoke} with the §9.2 context, then gates on the
 * instance's status: only active and degraded instances accept calls (a degraded one is then held by its
 * circuit breaker). The status is checked after policy so an unauthorized caller learns nothing about it.
 */
final class AuthorizeStage implements Stage {
  private final PolicyEngine policy;

  AuthorizeStage(PolicyEngine policy) {
    this.policy = policy;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    InvocationRequest request = inv.request;
    ConnectorInstance instance = inv.instance();
    PolicyContext context = new PolicyContext(Action.OPERATION_INVOKE, request.caller().userId(),
        request.caller().groupIds(), request.caller().projectId(), instance.id(), instance.connectorType(),
        request.operation(), request.mode());
    PolicyDecision decision = PolicyGate.evaluate(policy, context);
    inv.policyDecision = (decision.allowed() ? "allow: " : "deny: ") + decision.reason();
    if (!decision.allowed()) {
      return Failed.of(FailureClass.POLICY_DENIED, "policy_denied", "denied by policy: " + decision.reason());
    }
    InstanceStatus status = instance.status();
    if (status != InstanceStatus.ACTIVE && status != InstanceStatus.DEGRADED) {
      return Failed.of(FailureClass.POLICY_DENIED, "instance_not_active",
          "connector instance '" + instance.id() + "' is " + status.wireName() + ", not active");
    }
    return null;
  }
}

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
import io.cynodeai.connector.core.internal.spec.SpecPolicyBindings;
import org.jspecify.annotations.Nullable;

/**
 * Asks the policy engine about {@code connector.operation.invoke} with the §9.2 context; when it allows, the
 * policy of the spec the instance was applied from (if any) may still narrow the call (§19.6: an allowlist,
 * an action scope, a template ceiling; it never grants). Then gates on the instance's status: only active and
 * degraded instances accept calls (a degraded one is then held by its circuit breaker). The status is checked
 * after policy so an unauthorized caller learns nothing about it.
 */
final class AuthorizeStage implements Stage {
  private final PolicyEngine policy;
  private final SpecPolicyBindings specPolicies;

  AuthorizeStage(PolicyEngine policy, SpecPolicyBindings specPolicies) {
    this.policy = policy;
    this.specPolicies = specPolicies;
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
    String narrowed = specPolicies.denial(context, inv.operation().descriptor().mutating());
    if (narrowed != null) {
      inv.policyDecision = "deny: " + narrowed;
      return Failed.of(FailureClass.POLICY_DENIED, "policy_denied", "denied by the instance's spec: " + narrowed);
    }
    InstanceStatus status = instance.status();
    if (status != InstanceStatus.ACTIVE && status != InstanceStatus.DEGRADED) {
      return Failed.of(FailureClass.POLICY_DENIED, "instance_not_active",
          "connector instance '" + instance.id() + "' is " + status.wireName() + ", not active");
    }
    return null;
  }
}

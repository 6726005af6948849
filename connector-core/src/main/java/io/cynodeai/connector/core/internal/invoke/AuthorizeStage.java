package io.cynodeai.connector.core.internal.invoke;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.Action;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.run.CallAdmission;
import org.jspecify.annotations.Nullable;

/**
 * Asks the policy engine about {@code connector.operation.invoke} with the §9.2 context; when it allows, the
 * policy of the spec the instance was applied from (if any) may still narrow the call (§19.6: an allowlist,
 * an action scope, a template ceiling; it never grants). Then gates on the instance's status: only active and
 * degraded instances accept calls (a degraded one is then held by its circuit breaker). The status is checked
 * after policy so an unauthorized caller learns nothing about it.
 */
final class AuthorizeStage implements Stage {
  private final CallAdmission admission;

  AuthorizeStage(CallAdmission admission) {
    this.admission = admission;
  }

  @Override
  public @Nullable Failed apply(Invocation inv) {
    InvocationRequest request = inv.request;
    ConnectorInstance instance = inv.instance();
    PolicyContext context = new PolicyContext(Action.OPERATION_INVOKE, request.caller().userId(),
        request.caller().groupIds(), request.caller().projectId(), instance.id(), instance.connectorType(),
        request.operation(), request.mode());
    PolicyGate.Verdict verdict = admission.authorize(context, inv.operation().descriptor().mutating());
    inv.policyDecision = verdict.decision();
    return verdict.refusal() != null ? verdict.refusal() : CallAdmission.status(instance);
  }
}

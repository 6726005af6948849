package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a host's policy engine safely: a throwing or silent engine is a denial. Every governed entry point
 * (calls, lifecycle, catalog, credentials, webhook administration) turns the decision into a {@link Verdict}
 * here, so a denial reads and audits the same everywhere.
 */
public final class PolicyGate {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyGate.class);

  private PolicyGate() {}

  /** A policy verdict: the refusal (null when allowed) and the decision as the audit trail records it. */
  public record Verdict(@Nullable Failed refusal, String decision) {
    public boolean allowed() {
      return refusal == null;
    }
  }

  /** The host's decision on {@code context} as a verdict: {@code policy_denied} with its reason when denied. */
  public static Verdict authorize(PolicyEngine engine, PolicyContext context) {
    PolicyDecision decision = evaluate(engine, context);
    return decision.allowed() ? new Verdict(null, "allow: " + decision.reason())
        : new Verdict(Failed.of(FailureClass.POLICY_DENIED, "policy_denied", "denied by policy: "
            + decision.reason()), "deny: " + decision.reason());
  }

  public static PolicyDecision evaluate(PolicyEngine engine, PolicyContext context) {
    try {
      PolicyDecision decision = engine.evaluate(context);
      return decision != null ? decision : PolicyDecision.deny("policy engine returned no decision");
    } catch (RuntimeException e) {
      LOG.warn("policy engine failed for action {}; denying", context.action().wireName(), e);
      return PolicyDecision.deny("policy engine failed (" + e.getClass().getSimpleName() + ")");
    }
  }
}

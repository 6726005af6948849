package io.cynodeai.connector.core.internal;

import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyDecision;
import io.cynodeai.connector.api.policy.PolicyEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a host's policy engine safely: a throwing or silent engine is a denial. */
public final class PolicyGate {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyGate.class);

  private PolicyGate() {}

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

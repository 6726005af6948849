package io.cynodeai.connector.api.policy;

import java.util.Objects;

/** A policy engine's answer and the reason for it; the reason goes into the audit event. */
public record PolicyDecision(boolean allowed, String reason) {
  public PolicyDecision {
    Objects.requireNonNull(reason, "reason");
  }

  public static PolicyDecision allow(String reason) {
    return new PolicyDecision(true, reason);
  }

  public static PolicyDecision deny(String reason) {
    return new PolicyDecision(false, reason);
  }
}

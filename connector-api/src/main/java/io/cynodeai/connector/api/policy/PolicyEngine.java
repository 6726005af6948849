package io.cynodeai.connector.api.policy;

/**
 * Decides whether a caller may perform an action. Called by the engine once per API call, on the calling
 * thread, before any other work; must be thread-safe, fast, and must not throw (a throwing engine is
 * treated as a denial).
 */
@FunctionalInterface
public interface PolicyEngine {

  PolicyDecision evaluate(PolicyContext context);

  /** Denies everything: the engine's default until a host configures a policy. */
  static PolicyEngine denyAll() {
    return context -> PolicyDecision.deny("no policy engine configured (default deny)");
  }

  /** Allows everything. For development and tests only; never for a multi-tenant host. */
  static PolicyEngine allowAll() {
    return context -> PolicyDecision.allow("allow-all policy");
  }
}

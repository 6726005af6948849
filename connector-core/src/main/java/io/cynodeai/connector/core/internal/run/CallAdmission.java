package io.cynodeai.connector.core.internal.run;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.FailureClass;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.policy.PolicyContext;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.internal.PolicyGate;
import io.cynodeai.connector.core.internal.PolicyGate.Verdict;
import io.cynodeai.connector.core.internal.catalog.CatalogGate;
import io.cynodeai.connector.core.internal.spec.SpecPolicyBindings;
import io.cynodeai.connector.spi.ConnectorType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The governance every call of connector code on an instance passes, whatever its kind (an operation, sync or
 * as a job, or a poll): the host's policy, then the narrowing of the spec the instance was applied from (§19.6),
 * then the instance's status, then the host's catalog (§13). Kept in one place so the kinds cannot drift apart;
 * what differs per kind (which of them a call runs, and under which operation name) is declared by the caller.
 * Thread-safe.
 */
public final class CallAdmission {
  private final PolicyEngine policy;
  private final SpecPolicyBindings specPolicies;
  private final CatalogGate catalog;

  public CallAdmission(PolicyEngine policy, SpecPolicyBindings specPolicies, CatalogGate catalog) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.specPolicies = Objects.requireNonNull(specPolicies, "specPolicies");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * The host's policy on {@code context}, then (when it allows) the instance's spec narrowing it: an
   * allowlist, an action scope or a template ceiling may still refuse; a spec never grants.
   *
   * @throws io.cynodeai.connector.api.store.StoreException when the spec store cannot be read (fails closed)
   */
  public Verdict authorize(PolicyContext context, boolean mutating) {
    Verdict verdict = PolicyGate.authorize(policy, context);
    if (!verdict.allowed()) {
      return verdict;
    }
    String narrowed = specPolicies.denial(context, mutating);
    return narrowed != null ? new Verdict(narrowedBySpec(narrowed), "deny: " + narrowed) : verdict;
  }

  /**
   * The instance's spec narrowing alone, for calls the engine makes on its own behalf (a scheduled poll is
   * authorized by the instance being active, not by a caller's policy): null when the spec allows it.
   */
  public @Nullable Failed narrow(PolicyContext context, boolean mutating) {
    String denial = specPolicies.denial(context, mutating);
    return denial == null ? null : narrowedBySpec(denial);
  }

  private static Failed narrowedBySpec(String denial) {
    return Failed.of(FailureClass.POLICY_DENIED, "policy_denied", "denied by the instance's spec: " + denial);
  }

  /** Only active and degraded instances run connector code (a degraded one is then held by its breaker). */
  public static @Nullable Failed status(ConnectorInstance instance) {
    InstanceStatus status = instance.status();
    if (status == InstanceStatus.ACTIVE || status == InstanceStatus.DEGRADED) {
      return null;
    }
    return Failed.of(FailureClass.POLICY_DENIED, "instance_not_active",
        "connector instance '" + instance.id() + "' is " + status.wireName() + ", not active");
  }

  /**
   * The catalog's verdict on running {@code type} for {@code instance} at {@code caller}'s request: null when
   * approved and enabled, else the refusal ({@code not_approved}, {@code type_retired}, {@code
   * feature_disabled}).
   */
  public @Nullable Failed catalog(ConnectorType type, ConnectorInstance instance, Caller caller) {
    return catalog.check(CatalogGate.Use.INVOKE, type, instance.projectId(), instance.owner(), caller);
  }

  /** The catalog's deprecation warning for {@code type}, or null. */
  public @Nullable String catalogWarning(ConnectorType type) {
    return catalog.warning(type);
  }
}

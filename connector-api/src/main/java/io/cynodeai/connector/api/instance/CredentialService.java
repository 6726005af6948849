package io.cynodeai.connector.api.instance;

import io.cynodeai.connector.api.Caller;

/**
 * Tells the engine what happened to an instance's credentials at their source (§8, §9.1 {@code
 * connector.credential.manage}): the secrets themselves stay in the host's secret providers and never pass
 * through this service. Governed like the instance lifecycle: authorized for {@code connector.credential.manage},
 * only the instance's owner (the tenancy rules), audited ({@code credential.rotate} / {@code credential.revoke}
 * with the caller). Only the named instance is affected, even when its secret is shared. Thread-safe.
 */
public interface CredentialService {

  /**
   * The instance's secrets got new values: its open leases end now (the old values are wiped) and, if it is
   * enabled, its health check runs with the new ones ({@code active} when it passes, {@code credential_expired}
   * when the provider rejects them, {@code error} otherwise; {@link LifecycleOutcome.Applied#unhealthy()} says
   * which). Refused: {@code policy_denied}, {@code unknown_instance}, {@code not_owner}, {@code no_credentials}
   * (the instance leases nothing from the engine's vault).
   */
  LifecycleOutcome rotated(String instanceId, Caller caller);

  /**
   * The instance's secrets must not be used any more (withdrawn at their source, or suspected leaked): its open
   * leases end now and it becomes {@code credential_expired}, so calls stop until {@link #rotated} (or {@code
   * InstanceManager.check}) finds working credentials. Refused as {@link #rotated}.
   */
  LifecycleOutcome revoked(String instanceId, Caller caller);
}

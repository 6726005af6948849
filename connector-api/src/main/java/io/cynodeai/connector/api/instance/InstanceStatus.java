package io.cynodeai.connector.api.instance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The §4 status of a connector instance. Only {@link #ACTIVE} and {@link #DEGRADED} accept calls. */
public enum InstanceStatus {
  /** Installed, not yet enabled (or being enabled). */
  PROVISIONING,
  /** Enabled and healthy. */
  ACTIVE,
  /** Enabled, but its circuit breaker opened; calls fail fast until a health check passes. */
  DEGRADED,
  /** Enabled, but its last health check or configuration failed. */
  ERROR,
  /** The provider rejected the instance's credentials. */
  CREDENTIAL_EXPIRED,
  /** Switched off by its owner. */
  DISABLED,
  /** Enabled by its spec, waiting for an interactive authorization (§19.7) to complete. */
  PENDING_AUTH;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

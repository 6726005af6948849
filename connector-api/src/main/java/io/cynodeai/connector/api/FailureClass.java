package io.cynodeai.connector.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The classification every failure carries (§5.1). */
public enum FailureClass {
  /** The provider or network failed in a way that may succeed on retry. */
  TRANSIENT(true),
  /** Retrying the same call cannot succeed. */
  PERMANENT(false),
  /** A policy, tenant boundary or instance state refused the call. */
  POLICY_DENIED(false),
  /** A rate limit, quota or concurrency cap refused the call; it may succeed later. */
  QUOTA_EXCEEDED(true),
  /** The input (or a config, or a provider response) does not satisfy its schema or limits. */
  VALIDATION_ERROR(false);

  private final boolean retryable;

  FailureClass(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether a caller may reasonably try the same call again later. */
  public boolean retryable() {
    return retryable;
  }

  /** The lower-case name used on the wire and in audit events ({@code policy_denied}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

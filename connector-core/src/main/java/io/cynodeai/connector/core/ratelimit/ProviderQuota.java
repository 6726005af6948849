package io.cynodeai.connector.core.ratelimit;

import java.time.Instant;
import java.util.Optional;

/**
 * The quota state providers report (§6): after a provider answers 429 with a Retry-After (or a rate-limit
 * reset), the instance is blocked until then, and the engine holds or fails further calls instead of
 * hammering the provider. Thread-safe; a shared implementation shares the state across engine nodes.
 */
public interface ProviderQuota {

  /** Records that the instance's provider refuses calls until {@code until} (keeps the later of two). */
  void blockUntil(String instanceId, Instant until);

  /** When the instance's provider accepts calls again, if it is blocked at {@code now}. */
  Optional<Instant> blockedUntil(String instanceId, Instant now);
}

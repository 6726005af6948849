package io.cynodeai.connector.api.audit;

import java.time.Instant;

/**
 * An audit store that can forget old events, for the audit retention policy (§12). The engine's retention
 * task calls it with the cut-off; implementations must be thread-safe and delete only events whose
 * timestamp is strictly before it.
 */
@FunctionalInterface
public interface AuditRetention {

  /** Deletes every event older than {@code cutoff}; returns how many were deleted. */
  long purgeBefore(Instant cutoff);
}

package io.cynodeai.connector.core.tenancy;

import java.time.Duration;
import java.util.Objects;

/**
 * How long deleted things are kept (§12).
 *
 * @param softDeleteRetention how long an uninstalled (soft-deleted) instance is kept before it is purged;
 *     its id stays taken until then
 * @param auditRetention how long audit events are kept
 */
public record RetentionPolicy(Duration softDeleteRetention, Duration auditRetention) {
  public RetentionPolicy {
    requirePositive(softDeleteRetention, "softDeleteRetention");
    requirePositive(auditRetention, "auditRetention");
  }

  /** 30 days of soft-deleted instances, 400 days of audit events. */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(400));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}

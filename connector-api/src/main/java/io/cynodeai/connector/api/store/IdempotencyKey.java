package io.cynodeai.connector.api.store;

import java.util.Objects;

/**
 * An idempotency key scoped to its tenant, instance and operation (§2.3), so that one tenant can never
 * obtain another's stored result by guessing a key.
 *
 * @param tenant the caller's tenant scope (project id, or the user id when the caller has no project)
 * @param instanceId the connector instance
 * @param operation the operation name
 * @param key the caller-supplied key
 */
public record IdempotencyKey(String tenant, String instanceId, String operation, String key) {
  public IdempotencyKey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(key, "key");
  }
}

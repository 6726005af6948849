package io.cynodeai.connector.api.spec;

import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.InstanceStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The observed state of a spec's instance (§19.5): the runtime status kept in the instance, next to the
 * spec's identity.
 *
 * @param name the spec (and instance) name
 * @param uid the spec's uid
 * @param resourceVersion the stored spec's resource version
 * @param enabled whether the spec asks for the instance to be enabled
 * @param status the instance's status, or null when it has no instance
 * @param lastError the instance's last error
 * @param healthCheckedAt when its health was last checked
 * @param authUrl where to complete an interactive authorization, while the status is pending-auth
 */
public record SpecStatus(
    String name,
    String uid,
    String resourceVersion,
    boolean enabled,
    @Nullable InstanceStatus status,
    @Nullable InstanceError lastError,
    @Nullable Instant healthCheckedAt,
    @Nullable String authUrl) {

  public SpecStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
  }
}

package io.cynodeai.connector.api.spec;

import io.cynodeai.connector.api.instance.OwnerScope;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A spec's identity and scope.
 *
 * @param name DNS-label-like name (lower case letters, digits and '-', at most 63 characters); the instance id
 * @param owner the owning user or group
 * @param projectId the project the instance belongs to, if any
 * @param labels free-form non-secret labels
 * @param uid server-assigned identity of this incarnation of the spec; null in a new submission
 * @param resourceVersion server-assigned version of the stored spec; when submitted, the apply is refused
 *     as a conflict unless it equals the stored one
 */
public record SpecMetadata(
    String name,
    OwnerScope owner,
    @Nullable String projectId,
    Map<String, String> labels,
    @Nullable String uid,
    @Nullable String resourceVersion) {

  public SpecMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    labels = Map.copyOf(labels);
  }

  public SpecMetadata withIdentity(String newUid, String newResourceVersion) {
    return new SpecMetadata(name, owner, projectId, labels, newUid, newResourceVersion);
  }
}
